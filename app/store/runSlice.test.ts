import { describe, expect, it, vi } from 'vitest';
import type { InstanceRow, StatusMessage } from '../protocol/messages';
import type { StoreDeps } from './deps';
import { applyWorkerMessage, createRunSlice } from './runSlice';
import type { AppStore } from './types';

const status = (speed: number): StatusMessage =>
  ({
    type: 'status',
    ack: null,
    runId: 'r',
    seq: 3,
    t: 0,
    clock: 0,
    eventCount: 10,
    playing: true,
    speed,
    done: false,
    complete: false,
    traceHash: '',
    countsByType: {},
  }) as StatusMessage;

describe('a status from the worker', () => {
  const base = { recentEvents: [], instanceIds: [], instancesById: {} } as unknown as AppStore;

  it('sets the speed the worker plays at', () => {
    const patch = applyWorkerMessage({ ...base, speed: 1, speedPending: null }, status(5));
    expect(patch.speed).toBe(5);
  });

  it('keeps a speed asked for and not yet acknowledged: the status was sent before it', () => {
    const patch = applyWorkerMessage({ ...base, speed: 2, speedPending: 2 }, status(1));
    expect(patch.speed).toBe(2);
  });
});

describe('the instance rows a status brings', () => {
  const row: InstanceRow = {
    uuid: 'u1',
    name: 'vm1',
    vm_state: 'building',
    task_state: 'spawning',
    power_state: 0,
    host: 'host1',
    fault: null,
    request_id: null,
    failedOn: [],
    spawnError: null,
    handedBack: 0,
    timedOut: null,
  };
  const base = {
    recentEvents: [],
    instanceIds: ['u1'],
    instancesById: { u1: row },
  } as unknown as AppStore;
  const patched = (changed: InstanceRow) =>
    applyWorkerMessage(base, { ...status(1), instancesChanged: [changed] }).instancesById!.u1!;

  it('keep the old row where nothing changed, so it is not drawn again', () => {
    expect(patched({ ...row })).toBe(row);
  });

  it('take the new row when only what the table says of a failure changed', () => {
    // a spawn error changes no state: only the hosts it failed on, and its message
    expect(patched({ ...row, failedOn: ['host1'], spawnError: 'boom' })).toMatchObject({
      failedOn: ['host1'],
    });
    expect(patched({ ...row, failedOn: ['host1'], handedBack: 1 }).handedBack).toBe(1);
    expect(patched({ ...row, fault: 'No valid host was found. ' }).fault).toBe(
      'No valid host was found. ',
    );
    expect(
      patched({ ...row, timedOut: { by: 'nova-conductor', method: 'select_destinations' } })
        .timedOut,
    ).toEqual({ by: 'nova-conductor', method: 'select_destinations' });
  });
});

describe('exportTrace', () => {
  const sliceWith = (parts: { byteLength: number }[]) => {
    const client = { send: () => Promise.resolve({ type: 'trace', ack: 1, parts }) };
    const deps = { client, fetchScenario: vi.fn(), fetchIndex: vi.fn() } as unknown as StoreDeps;
    let state = {} as AppStore;
    const set = (p: Partial<AppStore>) => void (state = { ...state, ...p });
    state = createRunSlice(deps)(set as never, () => state, undefined as never) as AppStore;
    return () => state;
  };

  it('joins the parts into the JSON Lines text', async () => {
    const enc = new TextEncoder();
    const get = sliceWith([enc.encode('{"seq":0}\n'), enc.encode('{"seq":1}\n')]);
    await expect(get().exportTrace()).resolves.toBe('{"seq":0}\n{"seq":1}\n');
  });

  it('says a trace too long for one string is, and what to use instead', async () => {
    const get = sliceWith([{ byteLength: 2 ** 28 }, { byteLength: 2 ** 28 }]);
    await expect(get().exportTrace()).rejects.toThrow(
      'the trace is 537 MB, more than one string can hold: use Download trace for a run this long',
    );
  });
});

describe('a capped run', () => {
  it('is said by its status, and only by a status that says so', () => {
    const base = { recentEvents: [], instanceIds: [], instancesById: {} } as unknown as AppStore;
    expect(applyWorkerMessage(base, { ...status(1), capped: true }).capped).toBe(true);
    expect(applyWorkerMessage(base, status(1)).capped).toBe(false);
  });
});
