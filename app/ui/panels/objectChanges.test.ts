import { describe, expect, it } from 'vitest';
import { changedValueText, objectChanges } from './objectChanges';

describe('objectChanges', () => {
  it("names an object_action's object and pairs each changed field with its value", () => {
    const args = {
      objinst: {
        'nova_object.name': 'Instance',
        'nova_object.data': { uuid: 'u', vm_state: 'building', task_state: null, host: 'h1' },
        'nova_object.changes': ['task_state', 'vm_state'],
      },
      objmethod: 'save',
      args: [],
      kwargs: {},
    };
    expect(objectChanges(args)).toEqual({
      name: 'Instance',
      method: 'save',
      fields: [
        ['task_state', null],
        ['vm_state', 'building'],
      ],
    });
  });

  it('is nothing for other arguments', () => {
    expect(objectChanges({ instance_uuids: ['u'] })).toBeNull();
    expect(objectChanges(null)).toBeNull();
    expect(objectChanges({ objinst: { 'nova_object.data': {} } })).toBeNull();
  });
});

describe('changedValueText', () => {
  it('names a nested object instead of spelling it out', () => {
    expect(changedValueText({ 'nova_object.name': 'EC2Ids', 'nova_object.data': {} })).toBe(
      'EC2Ids {…}',
    );
    expect(changedValueText(null)).toBe('None');
    expect(changedValueText('building')).toBe('building');
    expect(changedValueText({ boot_roles: 'admin' })).toBe('{"boot_roles":"admin"}');
  });
});
