import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RestEvent } from './trace';
import { envelopeOf } from './traceRecord';
import {
  finalServer,
  loadScenarioFile,
  notifications,
  rpcSends,
  restOp,
  runScenario,
  states,
} from './testing';

interface Recording {
  events: (
    | {
        type: 'rpc';
        method: string;
        kind: string;
        topic: string;
        version: string;
        server: string | null;
      }
    | { type: 'instance.save'; fields: Record<string, unknown> }
    | { type: 'rest'; service: string; op: string; by: string }
  )[];
  versioned_notifications: string[];
  server: Record<string, unknown>;
  rpc_samples: Record<string, { message: Record<string, unknown> }>;
}

/**
 * Where the shapes of two wire messages differ: at every level the same fields in the same
 * order, the same object names, versions and changed fields, lists as long, and values of
 * the same JSON type. The recordings' image has tags of the test fixture's; a cloud's images
 * here have none.
 */
function shapeDiffs(real: unknown, ours: unknown, path: string, out: string[]): string[] {
  // the info cache keeps the network model as JSON text
  if (path.endsWith('.network_info') && typeof real === 'string' && typeof ours === 'string')
    return shapeDiffs(JSON.parse(real), JSON.parse(ours), `${path}(parsed)`, out);
  if (Array.isArray(real) && Array.isArray(ours)) {
    if (real.length !== ours.length && !path.endsWith('.tags'))
      out.push(`${path}: ${real.length} items, here ${ours.length}`);
    real.forEach((r, i) => i < ours.length && shapeDiffs(r, ours[i], `${path}[${i}]`, out));
  } else if (real && ours && typeof real === 'object' && typeof ours === 'object') {
    const rk = Object.keys(real);
    const ok = Object.keys(ours);
    if (rk.join() !== ok.join()) out.push(`${path}: fields ${rk.join()} | here ${ok.join()}`);
    for (const k of rk.filter((k) => k in ours)) {
      const r = (real as Record<string, unknown>)[k];
      const o = (ours as Record<string, unknown>)[k];
      if (k.startsWith('nova_object.') && k !== 'nova_object.data') {
        if (JSON.stringify(r) !== JSON.stringify(o)) out.push(`${path}.${k}: ${JSON.stringify(o)}`);
      } else shapeDiffs(r, o, `${path}.${k}`, out);
    }
  } else if ((real === null) !== (ours === null) || typeof real !== typeof ours) {
    out.push(`${path}: ${JSON.stringify(real)} | here ${JSON.stringify(ours)}`);
  } else if (typeof real === 'string' && textKind(real) !== textKind(ours as string)) {
    out.push(`${path}: ${JSON.stringify(real)} | here ${JSON.stringify(ours)}`);
  }
  return out;
}

/** What a string value is, where its format matters: a uuid, or a time in one of Nova's formats. */
function textKind(s: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s)) return 'uuid';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(s)) return 'time';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/.test(s)) return 'time with microseconds';
  return 'text';
}

const load = (name: string): Recording =>
  JSON.parse(readFileSync(new URL(`./reference/${name}`, import.meta.url), 'utf8')) as Recording;

/** The saves of the recording, replayed onto the instance as the database would hold it. */
function recordedStates(rec: Recording) {
  const cur: Record<string, unknown> = {
    vm_state: 'building',
    task_state: 'scheduling',
    power_state: 0,
    host: null,
    node: null,
  };
  return rec.events.flatMap((e) => {
    if (e.type !== 'instance.save') return [];
    Object.assign(cur, e.fields);
    return [
      {
        vm_state: cur.vm_state,
        task_state: cur.task_state,
        power_state: cur.power_state,
        host: cur.host,
        node: cur.node,
      },
    ];
  });
}

describe.each([
  ['happy-boot-no-network.json', 'one-boot.json'],
  ['happy-boot-with-port.json', 'boot-with-port.json'],
])('the simulated trace matches real Nova 26.2.2 (%s)', (recording, scenario) => {
  const rec = load(recording);
  const { events } = runScenario(loadScenarioFile(scenario));

  it('sends the same RPC methods, kinds, topics and versions in the same order', () => {
    const expected = rec.events.flatMap((e) =>
      e.type === 'rpc'
        ? [{ method: e.method, kind: e.kind, topic: e.topic, version: e.version, server: e.server }]
        : [],
    );
    expect(
      rpcSends(events).map((r) => ({
        method: r!.method,
        kind: r!.kind,
        topic: r!.topic,
        version: r!.version,
        server: r!.server,
      })),
    ).toEqual(expected);
  });

  it('goes through the same instance states, the node named as the fake driver names it', () => {
    expect(states(events)).toEqual(recordedStates(rec));
  });

  it('sends the same versioned notifications', () => {
    expect(notifications(events)).toEqual(rec.versioned_notifications);
  });

  it.each(['nova-scheduler', 'nova-compute'])(
    '%s makes the same REST calls to placement and neutron',
    (proc) => {
      const expected = rec.events.flatMap((e) =>
        e.type === 'rest' && e.by === proc ? [e.op] : [],
      );
      expect(expected.length).toBeGreaterThanOrEqual(3);
      const ours = events.filter(
        (e): e is RestEvent =>
          e.type === 'rest' &&
          e.phase === 'request' &&
          e.from.startsWith(proc) &&
          (e.to === 'placement-api' || e.to === 'neutron-server'),
      );
      expect(ours.map(restOp)).toEqual(expected);
    },
  );

  it('puts RPC messages of the same shape on the wire as the recorded samples', () => {
    const sent = new Map<string, unknown>();
    for (const e of events)
      if (e.type === 'rpc' && e.phase === 'send' && !sent.has(e.method)) {
        // the samples hold method, args, namespace and version; not the ids and the context
        const message = JSON.parse(envelopeOf(e)['oslo.message']) as Record<string, unknown>;
        sent.set(
          e.method,
          Object.fromEntries(Object.entries(message).filter(([k]) => !k.startsWith('_'))),
        );
      }
    const methods = Object.keys(rec.rpc_samples);
    expect(methods.length).toBe(4);
    for (const method of methods)
      expect(shapeDiffs(rec.rpc_samples[method]!.message, sent.get(method), method, [])).toEqual(
        [],
      );
  });

  it('answers select_destinations with Selection objects, as from_host_state makes them', () => {
    const reply = events.find(
      (e) => e.type === 'rpc' && e.phase === 'reply' && e.method === 'select_destinations',
    );
    expect(reply?.type).toBe('rpc');
    if (reply?.type !== 'rpc') return;
    const { result } = JSON.parse(envelopeOf(reply)['oslo.message']) as {
      result: Record<string, unknown>[][];
    };
    const fields = [
      'compute_node_uuid',
      'service_host',
      'nodename',
      'cell_uuid',
      'limits',
      'allocation_request',
      'allocation_request_version',
      'availability_zone',
    ];
    const selection = result[0]![0]!;
    expect(selection).toMatchObject({
      'nova_object.name': 'Selection',
      'nova_object.version': '1.1',
      'nova_object.changes': [...fields].sort(),
    });
    const data = selection['nova_object.data'] as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(fields);
    expect(data).toMatchObject({ service_host: 'compute', availability_zone: 'nova' });
    // the fake driver's node for a host named compute, as in the recorded build's retry hosts
    expect(data.nodename).toBe('fake-mini');
    const build = rec.rpc_samples.build_and_run_instance!.message as {
      args: { node: string; filter_properties: { retry: { hosts: string[][] } } };
    };
    expect(data.nodename).toBe(build.args.node);
    expect(build.args.filter_properties.retry.hosts).toEqual([['compute', 'fake-mini']]);
    // placement 1.36's allocation request, as jsonutils.dumps writes it
    const rp = data.compute_node_uuid as string;
    expect(data.allocation_request).toBe(
      `{"allocations": {"${rp}": {"resources": {"VCPU": 1, "MEMORY_MB": 512, "DISK_GB": 1}}}, "mappings": {"": ["${rp}"]}}`,
    );
    // and the claim puts it, for the project and the user
    const put = events.find(
      (e): e is RestEvent => e.type === 'rest' && e.phase === 'request' && e.method === 'PUT',
    );
    expect(Object.keys(put?.body as object)).toEqual([
      'allocations',
      'mappings',
      'project_id',
      'user_id',
      'consumer_generation',
    ]);
    expect(data.limits).toMatchObject({
      'nova_object.name': 'SchedulerLimits',
      'nova_object.data': { numa_topology: null, vcpu: null, disk_gb: null, memory_mb: null },
      'nova_object.changes': ['disk_gb', 'memory_mb', 'numa_topology', 'vcpu'],
    });
  });

  it('ends with the same server fields', () => {
    const server = finalServer(events)!;
    for (const [k, v] of Object.entries(rec.server)) expect(server[k] ?? null, k).toEqual(v);
  });
});
