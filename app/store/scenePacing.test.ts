import { describe, expect, it } from 'vitest';
import type { HostRow, SceneMessage, VmChip } from '../protocol/messages';
import { HOST_BUDGET_PER_FRAME, sceneParts } from './scenePacing';

const vm = (i: number): VmChip => ({
  uuid: `u${i}`,
  name: `vm-${i}`,
  state: 'building',
  request_id: null,
});
const host = (name: string, vms: number): HostRow => ({
  host: name,
  service: 'up',
  vms: Array.from({ length: vms }, (_, i) => vm(i)),
  failed: [],
});
const scene = (hosts: HostRow[]): SceneMessage => ({
  type: 'scene',
  runId: 'r',
  seq: 7,
  brokerUp: true,
  queues: [],
  tables: [],
  unplaced: [vm(99)],
  hosts,
});

describe('sceneParts', () => {
  it('leaves a scene within the budget whole', () => {
    const m = scene([host('a', 10), host('b', 10)]);
    expect(sceneParts(m)).toEqual([m]);
  });

  it('cuts busy hosts into slices that fit the budget, in order, with every field once', () => {
    // a box shows 18 chips at most: each of these hosts costs 19
    const hosts = ['a', 'b', 'c', 'd', 'e'].map((n) => host(n, 40));
    const parts = sceneParts(scene(hosts)) as SceneMessage[];
    // the queues and tables first, alone
    expect(parts.map((p) => p.hosts?.map((h) => h.host))).toEqual([
      undefined,
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
    expect(parts.every((p) => p.runId === 'r' && p.seq === 7 && p.brokerUp)).toBe(true);
    expect(parts.map((p) => [p.queues !== undefined, p.tables !== undefined])).toEqual([
      [true, true],
      [false, false],
      [false, false],
      [false, false],
    ]);
    // the VMs leaving the unplaced list are shown there until their hosts have them
    expect(parts.map((p) => p.unplaced?.length)).toEqual([undefined, undefined, undefined, 1]);
  });

  it('counts a host with no VM as one, and never splits a host', () => {
    const empty = Array.from({ length: HOST_BUDGET_PER_FRAME + 5 }, (_, i) => host(`h${i}`, 0));
    const { queues: _q, tables: _t, ...bare } = scene(empty);
    const parts = sceneParts(bare) as SceneMessage[];
    expect(parts.map((p) => p.hosts!.length)).toEqual([HOST_BUDGET_PER_FRAME, 5]);
    const big = sceneParts(scene([host('x', 500)])) as SceneMessage[];
    expect(big).toHaveLength(1);
  });

  it('passes any other message through', () => {
    const tokens = { type: 'tokens' } as unknown as SceneMessage;
    expect(sceneParts(tokens)).toEqual([tokens]);
  });
});
