import { describe, expect, it } from 'vitest';
import { retryInfo } from './retryInfo';

const exc = [
  'Traceback (most recent call last):\n',
  'Exception: boom\n',
  'nova.exception.RescheduledException: Build of instance u was re-scheduled: boom\n',
];

describe('retryInfo', () => {
  it("reads build_instances' retry: attempts, the hosts tried, nova-compute's exc_reason", () => {
    const args = {
      filter_properties: {
        limits: {},
        retry: { num_attempts: 1, hosts: [['host1', 'node1']], exc, exc_reason: 'boom' },
      },
    };
    expect(retryInfo(args)).toEqual({ attempts: 1, hosts: ['host1'], reason: 'boom' });
  });

  it("reads the alternate's build_and_run_instance: the reason from exc's last line", () => {
    const args = {
      filter_properties: {
        retry: {
          num_attempts: 2,
          hosts: [
            ['host1', 'host1'],
            ['host2', 'host2'],
          ],
          exc,
        },
      },
    };
    expect(retryInfo(args)).toEqual({
      attempts: 2,
      hosts: ['host1', 'host2'],
      reason: 'nova.exception.RescheduledException: Build of instance u was re-scheduled: boom',
    });
  });

  it('is nothing for a first build, or without retry', () => {
    const first = { filter_properties: { retry: { num_attempts: 1, hosts: [['h', 'h']] } } };
    expect(retryInfo(first)).toBeNull();
    expect(retryInfo({ filter_properties: { limits: {} } })).toBeNull();
    expect(retryInfo({ instance_uuids: ['u'] })).toBeNull();
    expect(retryInfo(null)).toBeNull();
  });
});
