import type {
  ClientEvent,
  DbEvent,
  MqEvent,
  RestEvent,
  RpcEvent,
  RpcPayload,
  RpcReplyPayload,
  ScheduleEvent,
  StateEvent,
  TraceEvent,
} from '../engine/trace';
import { publisherProcess } from '../engine/services/notifier';
import { assertNever, type InstanceRow, refusalCode, type Story } from '../protocol/messages';

/**
 * The big steps where a boot's story turns: a failed spawn and its hand-back to the conductor,
 * a scheduling that found no host, a lost message, a refusal, a burial, the outcome. Playing,
 * the narration tells each of them (and the injected faults), where it passes over the routine
 * steps that come within its hold.
 */
const TURNS = new Set([
  'hypervisor.spawnError',
  'rpc.buildInstances',
  'rpc.buildInstancesNoneLeft',
  'scheduleNone',
  'scheduleNoCandidates',
  'mq.timeout',
  'mq.drop',
  'mq.brokerDown',
  'mq.brokerUp',
  'rest.refused',
  'db.instanceBuried',
  'state.active',
  'state.error',
  'client',
  'clientOfMany',
  'clientOfManyDone',
  'clientRejected',
]);

/**
 * What an event means, for a class watching the boot: a sentence of the `story` texts
 * (i18n/en.ts) and the values it names. The big steps of a boot are milestones: while
 * playing, the page keeps the last one on screen instead of a blur of every event.
 */
export function storyOf(ev: TraceEvent): Story {
  const story = plainStoryOf(ev);
  return story.milestone && (TURNS.has(story.key) || story.key.startsWith('fault.'))
    ? { ...story, turn: true }
    : story;
}

/**
 * A claim's sentence naming the host it claims on: the PUT names the provider by its uuid,
 * its compute node's, whose row the controller knows. A node named otherwise than its host
 * (the reference's fake-mini on host compute) is named too: the scheduler's choice, next,
 * says the host.
 */
export function withClaimHost(story: Story, host: string, node: string = host): Story {
  if (story.key !== 'rest.claim' && story.key !== 'rest.schedulerClaim') return story;
  return node === host
    ? { ...story, key: `${story.key}On`, params: { ...story.params, host } }
    : { ...story, key: `${story.key}OnNode`, params: { ...story.params, host, node } };
}

/**
 * `task_state scheduling` again, the host cleared: nova-compute giving a failed build back
 * for a reschedule, not the API's first wait for a host. Only the instance's previous state
 * (on `host`, known to the controller) tells them apart.
 */
export function withRescheduleFrom(story: Story, host: string): Story {
  return story.key === 'state.scheduling'
    ? { ...story, key: 'state.rescheduling', params: { ...story.params, host } }
    : story;
}

/**
 * A timed-out call's sentence saying how long its caller waited: known to whoever has the
 * call's send (the controller), not to the timeout's event alone.
 */
export function withWait(story: Story, seconds: number): Story {
  return story.key === 'mq.timeout'
    ? { ...story, key: 'mq.timeoutAfter', params: { ...story.params, seconds } }
    : story;
}

function plainStoryOf(ev: TraceEvent): Story {
  switch (ev.type) {
    case 'rpc':
      return rpcStory(ev);
    case 'rest':
      return ev.phase === 'request' ? restRequestStory(ev) : restResponseStory(ev);
    case 'db':
      return dbStory(ev);
    case 'state':
      return stateStory(ev);
    case 'notification':
      return {
        key: 'notification',
        params: { from: publisherProcess(ev.publisher), event: ev.event_type },
      };
    case 'hypervisor':
      return {
        key: `hypervisor.${ev.op}${capitalize(ev.phase)}`,
        params: { host: ev.host },
        milestone: ev.op === 'spawn',
        ...(ev.message
          ? { more: { key: 'hypervisor.reason', params: { message: ev.message } } }
          : {}),
      };
    case 'mq':
      return mqStory(ev);
    case 'schedule':
      return scheduleStory(ev);
    case 'service':
      return {
        key: `service.${ev.op === 'forced-down' ? 'forcedDown' : ev.op}`,
        params: { binary: ev.binary, host: ev.host },
      };
    case 'fault':
      return {
        key: `fault.${FAULTS[ev.kind] ?? 'other'}`,
        params: {
          target: ev.target,
          detail: ev.detail,
          host: ev.target.slice(ev.target.indexOf('@') + 1),
          ...(ev.kind === 'message-drop' ? droppedMessage(ev) : {}),
        },
        milestone: true,
      };
    case 'client':
      return clientStory(ev);
    default:
      return assertNever(ev, 'trace event');
  }
}

function scheduleStory(ev: ScheduleEvent): Story {
  // the hosts each filter turned away, in Nova's filter order: names, no sentence to translate
  const rejected = ev.filters
    .filter((f) => f.rejected.length > 0)
    .map((f) => `${f.name}: ${f.rejected.map((r) => r.host).join(', ')}`)
    .join('; ');
  const more: Story | undefined =
    rejected === '' ? undefined : { key: 'filtersRejected', params: { rejected } };
  const story: Story =
    ev.chosen === null
      ? { key: ev.candidate_count === 0 ? 'scheduleNoCandidates' : 'scheduleNone' }
      : ev.alternates.length === 0
        ? { key: 'scheduleChosen', params: { host: ev.chosen } }
        : {
            key: 'scheduleChosenAlternates',
            params: { host: ev.chosen, alternates: ev.alternates },
          };
  return { ...story, milestone: true, ...(more ? { more } : {}) };
}

/**
 * What a message-drop fault dropped, `<method> (<queue>)` (Nova's names, no English word), out
 * of the engine's detail (mq/broker.ts: `RabbitMQ drops <method> (<queue>)`), and each apart.
 */
export function droppedMessage(ev: { detail: string }): {
  message: string;
  method: string;
  queue: string;
} {
  const message = ev.detail.replace(/^RabbitMQ drops /, '');
  const m = /^(\S+) \((\S+)\)$/.exec(message);
  return m ? { message, method: m[1]!, queue: m[2]! } : { message, method: message, queue: '?' };
}

/** The faults the engine announces, each with its own sentence (no English detail inside). */
const FAULTS: Record<string, string> = {
  'service-down': 'serviceDown',
  'broker-down': 'brokerDown',
  slow: 'slow',
  'spawn-fails': 'spawnFails',
  'message-drop': 'messageDrop',
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The RPC methods of a boot that have a sentence of their own when sent. */
const SENT: Record<string, string> = {
  schedule_and_build_instances: 'rpc.scheduleAndBuild',
  select_destinations: 'rpc.selectDestinations',
  build_and_run_instance: 'rpc.buildAndRun',
  update_instance_info: 'rpc.updateInstanceInfo',
};

function rpcStory(ev: RpcEvent): Story {
  const base = { from: ev.from, to: ev.to, method: ev.method };
  if (ev.phase === 'deliver')
    return { key: 'rpc.deliver', params: { ...base, queue: ev.queue, to: ev.to } };
  if (ev.phase === 'reply') {
    const reply = ev.payload as RpcReplyPayload;
    if (reply.ending === false) return { key: 'rpc.heartbeat', params: base };
    if (reply.failure)
      return {
        key: 'rpc.replyFailure',
        params: { ...base, error: reply.failure.class },
        milestone: true,
      };
    if (ev.method === 'select_destinations')
      return { key: 'rpc.replySelect', params: base, milestone: true };
    return { key: 'rpc.reply', params: base };
  }
  if (ev.method === 'object_action') {
    const args = (ev.payload as RpcPayload).args as {
      objinst?: { $nova?: string };
      objmethod?: string;
    };
    return {
      key: 'rpc.objectAction',
      params: { ...base, object: args.objinst?.$nova ?? '?', objmethod: args.objmethod ?? '?' },
    };
  }
  if (ev.method === 'build_instances') {
    const lists = (ev.payload as RpcPayload).args.host_lists as unknown[][] | undefined;
    const left = lists?.[0]?.length ?? 0;
    return {
      key: left > 0 ? 'rpc.buildInstances' : 'rpc.buildInstancesNoneLeft',
      // the host it failed on, named: "this host" is the one the class has to find
      params: { ...base, host: ev.from.slice(ev.from.indexOf('@') + 1) },
      milestone: true,
    };
  }
  const key = SENT[ev.method];
  if (key) return { key, params: { ...base, host: ev.server ?? '' }, milestone: true };
  return { key: ev.kind === 'call' ? 'rpc.sendCall' : 'rpc.sendCast', params: base };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

function restRequestStory(ev: RestEvent): Story {
  const params = { from: ev.from, to: ev.to, method: ev.method, path: ev.path.split('?')[0]! };
  const path = params.path;
  if (ev.to === 'nova-api') {
    if (ev.method === 'POST') {
      // the server's name, as the user typed it after `openstack server create`
      const name = (ev.body as { server?: { name?: unknown } } | undefined)?.server?.name;
      return {
        key: 'rest.createServer',
        params: typeof name === 'string' ? { ...params, name, context: 'named' } : params,
        milestone: true,
      };
    }
    return { key: 'rest.pollServer', params };
  }
  // what nova-api does before it answers: big steps, for a class to see the API's own work
  if (ev.to === 'keystone') return { key: 'rest.keystone', params, milestone: true };
  if (ev.to === 'glance-api') return { key: 'rest.glance', params, milestone: true };
  if (ev.to === 'placement-api') {
    if (path.startsWith('/allocation_candidates'))
      return { key: 'rest.allocationCandidates', params, milestone: true };
    // the scheduler claims once it has filtered and weighed (its decision event comes after,
    // with the alternates that only the end of _schedule knows)
    if (ev.method === 'PUT')
      return {
        key: ev.from === 'nova-scheduler' ? 'rest.schedulerClaim' : 'rest.claim',
        params,
        milestone: true,
      };
    if (ev.method === 'DELETE') return { key: 'rest.unclaim', params, milestone: true };
    if (path.startsWith('/resource_providers/'))
      return { key: 'rest.readProviderAllocations', params };
    const consumer = path.split('/')[2];
    return {
      key: consumer === ev.instance ? 'rest.readAllocations' : 'rest.readOtherAllocations',
      params,
    };
  }
  if (ev.to === 'neutron-server' && path.startsWith('/v2.0/ports')) {
    if (ev.method === 'POST') return { key: 'rest.createPort', params };
    // the step a boot with a port has that others lack: a big step, for a class to see it
    if (ev.method === 'PUT' && UUID.test(path))
      return { key: 'rest.bindPort', params, milestone: true };
    if (ev.method === 'DELETE') return { key: 'rest.deletePort', params };
  }
  // nova-api's answer to a poll (GET /servers/{id}) lists the server's security groups:
  // it reads them off the server's ports (the view builder's _add_security_grps)
  if (ev.to === 'neutron-server' && ev.from === 'nova-api' && ev.method === 'GET')
    if (path === '/v2.0/ports' && ev.path.includes('device_id='))
      return { key: 'rest.pollPorts', params };
  if (ev.to === 'neutron-server') return { key: 'rest.neutron', params };
  return { key: 'rest.request', params };
}

/** A path as a sentence says it: no query, each uuid by its first eight characters. */
const briefPath = (path: string): string =>
  (path.split('?')[0] ?? path).replace(new RegExp(UUID.source, 'g'), (u) => `${u.slice(0, 8)}…`);

function restResponseStory(ev: RestEvent): Story {
  const status = ev.status ?? 0;
  // what the answer is to: "placement-api answers 204" alone does not say
  const params = { from: ev.from, to: ev.to, status, method: ev.method, path: briefPath(ev.path) };
  if (ev.from === 'nova-api' && ev.method === 'POST') {
    if (status === 202) return { key: 'rest.accepted', params, milestone: true };
    return {
      key: 'rest.refused',
      params: { ...params, message: errorMessage(ev.body) },
      milestone: true,
    };
  }
  if (ev.from === 'nova-api' && ev.method === 'GET' && status === 200) {
    const server = (ev.body as { server?: { status?: string } } | undefined)?.server;
    if (server?.status) return { key: 'rest.serverStatus', params: { status: server.status } };
  }
  return { key: status >= 400 ? 'rest.errorResponse' : 'rest.response', params };
}

/** The message of a compute API error body: `{"forbidden": {"code": 403, "message": …}}`. */
function errorMessage(body: unknown): string {
  if (body === null || typeof body !== 'object') return '';
  const inner = Object.values(body)[0] as { message?: unknown } | undefined;
  return typeof inner?.message === 'string' ? inner.message : '';
}

/** Database writes that tell a step of the boot; any other is told as a plain write. */
const WRITES: Record<string, string> = {
  'insert build_requests': 'db.buildRequest',
  'insert request_specs': 'db.requestSpec',
  'insert instance_mappings': 'db.instanceMapping',
  'update instance_mappings': 'db.instanceMapped',
  'insert instances': 'db.instanceCreate',
  'delete build_requests': 'db.buildRequestDone',
  'insert instance_faults': 'db.fault',
};

/**
 * The writes that are big steps: the BuildRequest (the server exists before any host is
 * chosen), the instance in its cell, the fault the user will see.
 */
const BIG_WRITES = new Set(['db.buildRequest', 'db.instanceCreate', 'db.fault']);

function dbStory(ev: DbEvent): Story {
  const params = { by: ev.by, database: ev.database, table: ev.table, op: ev.op };
  if (ev.table === 'instances' && ev.op === 'insert' && ev.database === 'nova-cell0-db')
    return { key: 'db.instanceBuried', params, milestone: true };
  if (ev.table === 'services' && ev.op === 'update' && ev.fields.forced_down === true)
    return {
      key: 'db.serviceForcedDown',
      params: { ...params, host: ev.key.split('/')[0]! },
      milestone: true,
    };
  const key = WRITES[`${ev.op} ${ev.table}`];
  if (key === 'db.fault' && typeof ev.fields.message === 'string')
    return {
      key,
      params,
      milestone: true,
      more: { key: 'db.faultSays', params: { message: ev.fields.message } },
    };
  if (key) return { key, params, milestone: BIG_WRITES.has(key) };
  // a sentence an operation: the operation said in the page's language, not as Nova's word
  return { key: `db.write_${ev.op}`, params };
}

const TASK_STATES: Record<string, string> = {
  scheduling: 'state.scheduling',
  networking: 'state.networking',
  block_device_mapping: 'state.blockDeviceMapping',
  spawning: 'state.spawning',
};

function stateStory(ev: StateEvent): Story {
  const params = { vm: ev.vm_state, task: ev.task_state ?? 'None', host: ev.host ?? '' };
  if (ev.vm_state === 'active') return { key: 'state.active', params, milestone: true };
  if (ev.vm_state === 'error') return { key: 'state.error', params, milestone: true };
  // abort_instance_claim: the host and node unset while the failed step's task is still set
  const onHostTask = ev.task_state !== null && ev.task_state !== 'scheduling';
  if (ev.vm_state === 'building' && ev.host === null && onHostTask)
    return { key: 'state.claimAborted', params };
  const key = ev.task_state !== null ? TASK_STATES[ev.task_state] : undefined;
  if (key) return { key, params, milestone: true };
  if (ev.vm_state === 'building' && ev.task_state === null)
    return { key: ev.host ? 'state.claimed' : 'state.building', params, milestone: true };
  return { key: 'state.other', params };
}

function mqStory(ev: MqEvent): Story {
  const params = { by: ev.by, queue: ev.queue ?? '', method: ev.method ?? '' };
  switch (ev.op) {
    case 'timeout':
      return { key: 'mq.timeout', params, milestone: true };
    case 'drop':
      // what losing it does: a cast is waited on by no one; a call's caller waits to its timeout
      return { key: ev.msg_id ? 'mq.dropCall' : 'mq.dropCast', params, milestone: true };
    case 'broker-down':
    case 'broker-up':
      return {
        key: ev.op === 'broker-down' ? 'mq.brokerDown' : 'mq.brokerUp',
        params,
        milestone: true,
      };
    case 'held':
      return { key: 'mq.held', params, milestone: true };
    case 'released':
      return { key: 'mq.released', params };
    case 'ack':
      return { key: 'mq.ack', params };
    case 'consumer-up':
      return { key: 'mq.consumerUp', params };
    case 'consumer-down':
      return { key: 'mq.consumerDown', params };
    default:
      return assertNever(ev.op, 'mq op');
  }
}

/**
 * A failed boot's sentences, and what the fault does not say: the hosts whose hypervisor
 * failed to spawn it, and the last one's error (Exhausted all hosts… names neither). Said
 * where the boot turns to error, and in the request's last sentence.
 */
/** A driver's message to end a sentence with: the sentence has its own full stop. */
const sentenceless = (error: string | null) => (error ?? '').replace(/\.+$/, '');

export function withSpawnHistory(story: Story, row: InstanceRow): Story {
  // only where the fault is the timeout itself: a boot that timed out once and then failed
  // otherwise (a drop, then no host left) says its own fault
  if (
    row.timedOut &&
    story.more?.key === 'clientWhy' &&
    String(story.more.params?.message).startsWith('MessagingTimeout')
  )
    return {
      ...story,
      more: { key: 'clientWhyTimedOut', params: { ...story.more.params, ...row.timedOut } },
    };
  if (row.failedOn.length === 0) return story;
  if (story.key === 'state.error')
    return {
      ...story,
      more: {
        key: 'state.errorTried',
        params: { hosts: row.failedOn, error: sentenceless(row.spawnError) },
      },
    };
  if (story.more?.key !== 'clientWhy') return story;
  return {
    ...story,
    more: {
      key: 'clientWhyTried',
      params: {
        ...story.more.params,
        hosts: row.failedOn,
        error: sentenceless(row.spawnError),
      },
    },
  };
}

/**
 * A multi-create's end (min_count/max_count): `openstack server create --wait` waits for the
 * first server the API answered with, and ends when that one is ACTIVE or ERROR, while the
 * request's other servers may still be building. "has finished: ACTIVE" alone read as all
 * of them done.
 */
export function withSiblings(
  story: Story,
  row: InstanceRow,
  instances: ReadonlyMap<string, InstanceRow>,
): Story {
  if (story.key !== 'client' || row.request_id === null) return story;
  let others = 0;
  let building = 0;
  for (const r of instances.values())
    if (r.request_id === row.request_id && r.uuid !== row.uuid) {
      others++;
      if (r.vm_state !== 'active' && r.vm_state !== 'error') building++;
    }
  if (others === 0) return story;
  const params = {
    ...story.params,
    first: row.name ?? row.uuid,
    count: others + 1,
    others,
    building,
  };
  return { ...story, key: building > 0 ? 'clientOfMany' : 'clientOfManyDone', params };
}

/** The end of a request, and why it failed: what `openstack server show` or the 4xx said. */
function clientStory(ev: ClientEvent): Story {
  const code = refusalCode(ev.status);
  return {
    ...(code !== null
      ? { key: 'clientRejected', params: { name: ev.name, code } }
      : { key: 'client', params: { name: ev.name, status: ev.status } }),
    milestone: true,
    ...(ev.message ? { more: { key: 'clientWhy', params: { message: ev.message } } } : {}),
  };
}
