import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine } from './engine';
import { parseScenario, type ScenarioInput } from './scenario';
import type { RestEvent, TraceEvent } from './trace';

/** Test helpers: run a scenario to the end and pick the trace apart. */
export function runScenario(input: ScenarioInput | unknown, seed?: number) {
  const events: TraceEvent[] = [];
  const engine = createEngine(parseScenario(input), {
    sink: (e) => events.push(e),
    ...(seed !== undefined ? { seed } : {}),
  });
  engine.run();
  return { events, engine };
}

export function loadScenarioFile(name: string): unknown {
  const path = fileURLToPath(new URL(`../../public/scenarios/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8'));
}

export const rpcSends = (events: TraceEvent[]) =>
  events
    .filter((e) => e.type === 'rpc' && e.phase === 'send' && e.method !== 'object_action')
    .map((e) =>
      e.type === 'rpc'
        ? {
            method: e.method,
            kind: e.kind,
            topic: e.topic,
            version: e.version,
            server: e.server,
            fanout: e.fanout,
          }
        : null,
    );

export const states = (events: TraceEvent[], instance?: string) =>
  events.flatMap((e) =>
    e.type === 'state' && (instance === undefined || e.instance === instance)
      ? [
          {
            vm_state: e.vm_state,
            task_state: e.task_state,
            power_state: e.power_state,
            host: e.host,
            node: e.node,
          },
        ]
      : [],
  );

export const notifications = (events: TraceEvent[]) =>
  events.flatMap((e) => (e.type === 'notification' ? [e.event_type] : []));

/** the body of the client's last GET /v2.1/servers/{id} */
export function finalServer(events: TraceEvent[]): Record<string, unknown> | undefined {
  const gets = events.filter(
    (e): e is RestEvent =>
      e.type === 'rest' && e.phase === 'response' && e.from === 'nova-api' && e.method === 'GET',
  );
  return (gets[gets.length - 1]?.body as { server?: Record<string, unknown> } | undefined)?.server;
}

/** The conductor's REST requests from compute_task.build_instances.error on (its cleanup). */
export function conductorRequestsAfterError(events: TraceEvent[]): RestEvent[] {
  const error = events.findIndex(
    (e) => e.type === 'notification' && e.event_type === 'compute_task.build_instances.error',
  );
  return events
    .slice(error)
    .filter(
      (e): e is RestEvent =>
        e.type === 'rest' && e.phase === 'request' && e.from === 'nova-conductor',
    );
}

/**
 * The trace of `base` with the object_action that carries `changes` dropped: found in a clean
 * run, then replayed with a message-drop fault at its time.
 */
export function dropObjectAction(
  base: Record<string, unknown>,
  changes: Record<string, unknown>,
): TraceEvent[] {
  const send = runScenario(base).events.find((e) => {
    if (e.type !== 'rpc' || e.phase !== 'send' || e.method !== 'object_action') return false;
    const objinst = (
      (e.payload as { args: unknown }).args as {
        objinst: { data: { changes: Record<string, unknown> } };
      }
    ).objinst;
    return Object.entries(changes).every(([k, v]) => objinst.data.changes[k] === v);
  })!;
  return runScenario({
    ...base,
    faults: [{ kind: 'message-drop', method: 'object_action', times: 1, at: send.t }],
  }).events;
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A REST request in the recordings' words: placement's path, neutronclient's call name. */
export function restOp(e: RestEvent): string {
  if (e.to === 'placement-api') return `${e.method} ${e.path.replace(UUID_RE, '{uuid}')}`;
  const [path, query] = e.path.split('?');
  const coll = path!.includes('/ports') ? 'port' : 'network';
  if (e.method === 'GET')
    return query !== undefined || !/\/(ports|networks)\/./.test(path!)
      ? `list_${coll}s`
      : `show_${coll}`;
  return `${e.method === 'PUT' ? 'update' : e.method === 'POST' ? 'create' : 'delete'}_${coll}`;
}

export const IMG = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

/** A boot request of m1.tiny and cirros with no network, fields added or replaced by `extra`. */
export const bootRequest = (name: string, at = 0, extra: Record<string, unknown> = {}) => ({
  at,
  name,
  flavorRef: '1',
  imageRef: IMG,
  networks: 'none',
  ...extra,
});

/** A one-host, one-boot scenario (m1.tiny, cirros, no network), with fields replaced. */
export function testScenario(overrides: Record<string, unknown>) {
  return {
    format: 'nova-boot-visualizer/scenario@1',
    name: 'test',
    seed: 3,
    cloud: {
      hosts: [{ name: 'host1', vcpus: 8, memory_mb: 8192, disk_gb: 100 }],
      flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
      images: [{ id: IMG, name: 'cirros' }],
    },
    requests: [{ at: 0, name: 'vm1', flavorRef: '1', imageRef: IMG, networks: 'none' }],
    ...overrides,
  };
}

/** Hosts of the test scenario's size, by name. */
export const hostsNamed = (...names: string[]) =>
  names.map((name) => ({ name, vcpus: 8, memory_mb: 8192, disk_gb: 100 }));
