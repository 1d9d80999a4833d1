import type { LoadedMessage, SetupEvent } from '../protocol/messages';
import { forcedDown, type Run } from './run';
import { summarize } from './summary';

/** What the page is told of a run made current: its name, hosts, setup and catalog. */
export function loadedMessage(
  run: Run,
  ack: number,
  name: string,
  source: LoadedMessage['source'],
  restored: boolean,
): LoadedMessage {
  return {
    type: 'loaded',
    ack,
    runId: run.runId,
    name,
    seed: run.seed,
    source,
    ...(run.scenario.description ? { description: run.scenario.description } : {}),
    hostNames: run.scenario.cloud.hosts.map((h) => h.name),
    serviceDownTime: run.scenario.config.service_down_time,
    ...setup(run),
    ...catalog(run),
    ...(restored ? { restored: true } : {}),
  };
}

/** The scenario's flavors and images, for the launch form. */
function catalog(run: Run) {
  const { flavors, images } = run.scenario.cloud;
  return {
    flavors: flavors.map((f) => ({ id: f.id, name: f.name })),
    images: images.map((i) => ({ id: i.id, name: i.name })),
  };
}

/** The first boot request's first event, and what the scenario did to the cloud before it. */
function setup(run: Run): { firstRequestSeq: number | null; setupEvents?: SetupEvent[] } {
  const first = run.firstRequestSeq();
  const events = run.setupEvents(first).map((ev) => {
    const service = forcedDown(ev);
    const [host, binary] = service?.split('/') ?? [];
    return {
      seq: ev.seq,
      words: service
        ? [`${binary}@${host} `, { term: 'forced-down' as const }]
        : summarize(ev).words,
    };
  });
  return { firstRequestSeq: first, ...(events.length > 0 ? { setupEvents: events } : {}) };
}
