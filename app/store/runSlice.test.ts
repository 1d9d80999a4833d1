import { describe, expect, it } from 'vitest';
import type { StatusMessage } from '../protocol/messages';
import { applyWorkerMessage } from './runSlice';
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
