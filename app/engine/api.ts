import type { BootRequest, FaultSpec } from './scenario';

/** Something a user does to a running simulation (the launch form, the fault buttons). */
export type Injection =
  /** a boot the user asked for at `at`; the client sends it `after` virtual ms later */
  | { kind: 'boot'; at: number; request: Omit<BootRequest, 'at'>; after?: number }
  | { kind: 'fault'; at: number; fault: FaultSpec };

/** The engine as the worker, the CLI and the benchmarks drive it. */
export interface Engine {
  /** Runs the next action of the kernel; false when the run is over. */
  step(): boolean;
  /** Runs until over, or until `maxEvents` more trace events were emitted. */
  run(maxEvents?: number): void;
  /** Runs every action up to and including virtual time `t`. */
  runUntil(t: number): void;
  readonly now: number;
  readonly eventCount: number;
  readonly done: boolean;
  /**
   * The run stopped with builds still going, long after its last request or fault (a lost
   * message, a host gone for good): nothing left would ever end them.
   */
  readonly gaveUp: boolean;
}
