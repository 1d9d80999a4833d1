import type { Rng } from './kernel/rng';
import type { Sim } from './kernel/sim';
import type { SimConfig } from './scenario';
import type { TraceEvent, TraceSink, Unsequenced } from './trace';

/**
 * What every simulated process shares: the clock, the seeded RNG and the trace. Processes
 * never call each other directly; they go through the broker, REST or the databases, which
 * all write to the trace through `emit`.
 */
export class World {
  private seq = 0;
  /** per-process slowdown factors (the `slow` fault) */
  readonly slow = new Map<string, number>();

  constructor(
    readonly sim: Sim,
    readonly rng: Rng,
    readonly config: SimConfig,
    private readonly sink: TraceSink,
  ) {}

  get now(): number {
    return this.sim.now;
  }

  get eventCount(): number {
    return this.seq;
  }

  /**
   * Stamps seq and t onto the event (no copy: this is the hottest path) and hands it on. The
   * frequent events are made with `seq: 0, t: 0` as their last fields: stamped in place they
   * keep their shape, where two fields added later would go to a properties store of their
   * own, allocated for every event.
   */
  emit<E extends TraceEvent>(event: Unsequenced<E> | E): E {
    const full = event as unknown as E;
    full.seq = this.seq++;
    full.t = this.sim.now;
    this.sink(full);
    return full;
  }

  /**
   * How long `process` takes for work that normally takes `ms`, with a little jitter. A
   * `slow` fault on `nova-compute` or `hypervisor` slows every host's, unless the host's own
   * process has a factor of its own.
   */
  work(process: string, ms: number): number {
    const base = Math.max(1, this.rng.jitter(ms, ms * 0.2));
    if (this.slow.size === 0) return base;
    const at = process.indexOf('@');
    const f = this.slow.get(process) ?? (at > 0 ? this.slow.get(process.slice(0, at)) : undefined);
    return f === undefined ? base : Math.round(base * f);
  }

  /** A message's time through RabbitMQ: longer while a `slow` fault is on the broker. */
  amqpMs(): number {
    // asked for every hop of every message: no lookup unless a process is slowed
    if (this.slow.size === 0) return LATENCY.amqp;
    const f = this.slow.get('rabbitmq');
    return f === undefined ? LATENCY.amqp : Math.round(LATENCY.amqp * f);
  }
}

/** Network latencies in virtual ms, large enough to see a message move on the diagram. */
export const LATENCY = {
  amqp: 12,
  rest: 18,
  db: 4,
} as const;
