import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import type { InstanceRow } from '../protocol/messages';
import { type AppStore, createAppStore } from '../store';
import { WorkerClient } from '../store/workerClient';
import { GaveUpNote } from './GaveUpNote';
import { StatusPanel } from './StatusPanel';
import { StoreProvider } from './StoreContext';

/** A store with no worker behind it: the test sets its state as a status would. */
function storeWith(state: Partial<AppStore>) {
  const client = new WorkerClient({
    postMessage: () => undefined,
    addEventListener: () => undefined,
    terminate: () => undefined,
  });
  const store = createAppStore(
    { client, fetchScenario: async () => '', fetchIndex: async () => [] },
    { language: 'en' },
  );
  store.setState(state);
  // rendered on the "server", zustand reads the initial state: here, the one set above
  return { ...store, getInitialState: store.getState };
}

const row = (name: string, vm_state: string): InstanceRow => ({
  uuid: `${name}-uuid`,
  name,
  vm_state,
  task_state: null,
  power_state: 0,
  host: null,
  fault: null,
  request_id: null,
  failedOn: [],
  spawnError: null,
  handedBack: 0,
  timedOut: null,
});

/** The state tile's text and the note under the controls, at the end of a run. */
function end(state: Partial<AppStore>, language: 'en' | 'ja' = 'en') {
  const rows = state.instanceIds ? state : { instanceIds: [], instancesById: {} };
  const store = storeWith({ done: true, playing: false, complete: true, ...rows, ...state });
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={createI18n(language)}>
      <StoreProvider store={store}>
        <StatusPanel />
        <GaveUpNote />
      </StoreProvider>
    </I18nextProvider>,
  );
  const text = (testId: string) =>
    new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? null;
  return { state: text('status-state'), note: text('gave-up-note') };
}

describe('the end of a run', () => {
  const building = {
    instanceIds: ['vm1-uuid'],
    instancesById: { 'vm1-uuid': row('vm1', 'building') },
  };
  const failed = { instanceIds: ['vm1-uuid'], instancesById: { 'vm1-uuid': row('vm1', 'error') } };

  it('a run that ended by itself is finished, with no note', () => {
    expect(end({})).toEqual({ state: 'finished', note: null });
  });

  it('stopped with a build nothing would end: says so, and names the server', () => {
    const { state, note } = end({ gaveUp: true, ...building });
    expect(state).toBe('stopped, builds unfinished');
    expect(note).toContain('vm1 never finished building');
  });

  it('says where each build stands still: a dropped cast, a cast in a stopped compute’s queue', () => {
    const rows = ['vm1', 'vm2', 'vm3'].map((n) => row(n, 'building'));
    const state = {
      gaveUp: true,
      instanceIds: rows.map((r) => r.uuid),
      instancesById: Object.fromEntries(rows.map((r) => [r.uuid, r])),
      stuck: [
        {
          instance: 'vm1-uuid',
          method: 'build_and_run_instance',
          queue: 'compute.h1',
          dropped: true,
        },
        {
          instance: 'vm2-uuid',
          method: 'build_and_run_instance',
          queue: 'compute.h2',
          dropped: false,
        },
        {
          instance: 'vm3-uuid',
          method: 'build_and_run_instance',
          queue: 'compute.h2',
          dropped: false,
        },
      ],
    };
    const { note } = end(state);
    expect(note).toContain('vm1, vm2, and vm3 never finished building');
    expect(note).toContain('RabbitMQ dropped the build_and_run_instance cast of vm1.');
    expect(note).toContain(
      'The build_and_run_instance cast of vm2 and vm3 waits in queue compute.h2, which nothing reads: nova-compute on h2 has stopped, and the builds would go on if it came back.',
    );
    expect(note).toContain('instance_build_timeout');
    expect(end(state, 'ja').note).toContain('h2 の nova-compute は停止しており');
    // a server with no stuck cast known is named, with no reason made up
    expect(end({ ...state, stuck: [] }).note).not.toContain('RabbitMQ dropped');
  });

  it('stopped with messages in flight but every server ended: does not say builds go on', () => {
    const { state, note } = end({ gaveUp: true, ...failed });
    expect(state).toBe('stopped, messages in flight');
    expect(note).toContain('no server is building any more');
    expect(end({ gaveUp: true, ...failed }, 'ja')).toMatchObject({
      state: '停止 (未配達のメッセージあり)',
    });
  });

  it('stopped at the page’s event limit: not finished', () => {
    expect(end({ capped: true, ...building }).state).toBe('stopped at the event limit');
    expect(end({ capped: true }, 'ja').state).toBe('停止 (イベント数の上限)');
  });
});
