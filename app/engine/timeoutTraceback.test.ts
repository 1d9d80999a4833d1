import { describe, expect, it } from 'vitest';
import type { DbEvent, MqEvent, NotificationEvent, TraceEvent } from './trace';
import { dropObjectAction, loadScenarioFile, runScenario } from './testing';

/**
 * A MessagingTimeout's traceback, as Python 3.11 formats it for Nova 26.2.2 over RabbitMQ
 * (oslo.messaging 14.0.3's amqpdriver, eventlet 0.33.1): ReplyWaiters.get raises it while
 * handling the reply queue's Empty, so the Empty's traceback comes first.
 */

const CHAINED = '\nDuring handling of the above exception, another exception occurred:\n\n';

/** `path:line function` of each frame of a traceback's text, in order */
const framesOf = (text: string) =>
  [
    ...text.matchAll(/File "\/usr\/lib\/python3\/dist-packages\/([^"]+)", line (\d+), in (\w+)/g),
  ].map((m) => `${m[1]}:${m[2]} ${m[3]}`);

const EMPTY_FRAMES = [
  'oslo_messaging/_drivers/amqpdriver.py:441 get',
  'eventlet/queue.py:322 get',
  'eventlet/queue.py:141 wait',
  'eventlet/hubs/hub.py:313 switch',
];

/** from the RPC client's call down to the raise */
const CLIENT_FRAMES = [
  'oslo_messaging/rpc/client.py:190 call',
  'oslo_messaging/transport.py:123 _send',
  'oslo_messaging/_drivers/amqpdriver.py:689 send',
  'oslo_messaging/_drivers/amqpdriver.py:678 _send',
  'oslo_messaging/_drivers/amqpdriver.py:567 wait',
  'oslo_messaging/_drivers/amqpdriver.py:443 get',
];

const faultRow = (events: TraceEvent[]) =>
  events.find(
    (e): e is DbEvent => e.type === 'db' && e.table === 'instance_faults' && e.op === 'insert',
  )!.fields as { message: string; details: string };

/** the chained tracebacks of a fault's details: the Empty's, then the MessagingTimeout's */
function chain(details: string): [string, string] {
  const parts = details.split(CHAINED);
  expect(parts).toHaveLength(2);
  return [parts[0]!, parts[1]!];
}

describe('select_destinations with no reply (rpc-timeout.json)', () => {
  const { events } = runScenario(loadScenarioFile('rpc-timeout.json'));
  const timeout = events.find((e): e is MqEvent => e.type === 'mq' && e.op === 'timeout')!;
  const details = faultRow(events).details;

  it("keeps in the fault the reply queue's Empty, then the MessagingTimeout raised while handling it", () => {
    const [empty, raised] = chain(details);
    expect(empty.startsWith('Traceback (most recent call last):\n')).toBe(true);
    expect(framesOf(empty)).toEqual(EMPTY_FRAMES);
    // an exception with no text is printed as its class alone
    expect(empty.endsWith('\n_queue.Empty\n')).toBe(true);
    expect(framesOf(raised)).toEqual([
      'nova/conductor/manager.py:1587 schedule_and_build_instances',
      'nova/conductor/manager.py:940 _schedule_instances',
      'nova/scheduler/client/query.py:41 select_destinations',
      'nova/scheduler/rpcapi.py:160 select_destinations',
      ...CLIENT_FRAMES,
    ]);
    expect(
      raised.endsWith(
        `    raise oslo_messaging.MessagingTimeout(\noslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID ${timeout.msg_id}\n`,
      ),
    ).toBe(true);
  });

  it('marks the call on a line under it, and not a raise', () => {
    expect(details).toContain(
      '    result = self._waiter.wait(msg_id, timeout,\n             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n',
    );
    expect(details).toContain('    raise oslo_messaging.MessagingTimeout(\noslo_messaging');
  });

  it("gives the action event the MessagingTimeout's frames alone (format_tb)", () => {
    const event = events.find(
      (e): e is DbEvent =>
        e.type === 'db' && e.table === 'instance_actions_events' && e.op === 'update',
    )!.fields as { traceback: string };
    expect(event.traceback).toBe(
      chain(details)[1]
        .replace(/^Traceback.*\n/, '')
        .replace(/oslo_messaging\.exceptions\.MessagingTimeout: .*\n$/, ''),
    );
  });

  it("gives compute_task.build_instances.error the fault's lines joined with commas", () => {
    const error = events.find(
      (e): e is NotificationEvent =>
        e.type === 'notification' && e.event_type === 'compute_task.build_instances.error',
    )!;
    type Wrapped<T> = { 'nova_object.data': T };
    const data = error.payload as Wrapped<{ reason: Wrapped<{ traceback: string }> }>;
    const reason = data['nova_object.data'].reason['nova_object.data'];
    expect(reason.traceback.replaceAll('\n,', '\n')).toBe(details);
  });
});

describe('an instance.save() through the conductor with no reply', () => {
  const base = loadScenarioFile('one-boot.json') as Record<string, unknown>;
  const saveFrames = (details: string) => framesOf(chain(details)[1]);
  const OBJECT_ACTION = [
    'oslo_versionedobjects/base.py:209 wrapper',
    'nova/conductor/rpcapi.py:247 object_action',
  ];

  it('the first save, caught by wrap_instance_fault', () => {
    const fault = faultRow(dropObjectAction(base, { vm_state: 'building', task_state: null }));
    expect(framesOf(chain(fault.details)[0])).toEqual(EMPTY_FRAMES);
    expect(saveFrames(fault.details)).toEqual([
      'nova/compute/manager.py:201 decorated_function',
      'nova/compute/manager.py:2317 _do_build_and_run_instance',
      ...OBJECT_ACTION,
      ...CLIENT_FRAMES,
    ]);
    expect(fault.details).toContain(
      '    updates, result = self.indirection_api.object_action(\n                      ^^^^^',
    );
  });

  it('the save after the spawn, caught in _do_build_and_run_instance', () => {
    const fault = faultRow(dropObjectAction(base, { vm_state: 'active' }));
    expect(saveFrames(fault.details)).toEqual([
      'nova/compute/manager.py:2338 _do_build_and_run_instance',
      'nova/compute/manager.py:2653 _build_and_run_instance',
      ...OBJECT_ACTION,
      ...CLIENT_FRAMES,
    ]);
  });
});
