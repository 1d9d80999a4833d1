import type { Thunk } from '../kernel/coroutine';
import type { World } from '../world';
import { POWER } from './model';

/**
 * The node a host's hypervisor reports: the host's name, except `fake-mini` for a host named
 * `compute`, as the fake virt driver of the recordings names it (nova/virt/fake.py,
 * FakeDriver.init_host). It is the compute node's hypervisor_hostname, its resource
 * provider's name in placement, and the instance's `node`.
 */
export function nodenameOf(host: string): string {
  return host === 'compute' ? 'fake-mini' : host;
}

/** The hypervisor under one nova-compute: spawning takes virtual seconds. */
export class Hypervisor {
  readonly process: string;
  readonly vms = new Map<string, { name: string; power_state: number }>();

  constructor(
    private readonly world: World,
    readonly host: string,
  ) {
    this.process = `hypervisor@${host}`;
  }

  spawn(uuid: string, name: string, fails: boolean, ids: { request_id: string }): Thunk<void> {
    return (done) => {
      const w = this.world;
      w.emit({
        type: 'hypervisor',
        host: this.host,
        op: 'spawn',
        phase: 'start',
        request_id: ids.request_id,
        instance: uuid,
      });
      w.sim.after(w.work(this.process, w.config.spawn_seconds * 1000), () => {
        if (fails) {
          const message = `Virtual machine ${name} failed to start: internal error: process exited while connecting to monitor`;
          w.emit({
            type: 'hypervisor',
            host: this.host,
            op: 'spawn',
            phase: 'error',
            request_id: ids.request_id,
            instance: uuid,
            message,
          });
          done(new Error(message));
          return;
        }
        this.vms.set(uuid, { name, power_state: POWER.RUNNING });
        w.emit({
          type: 'hypervisor',
          host: this.host,
          op: 'spawn',
          phase: 'end',
          request_id: ids.request_id,
          instance: uuid,
        });
        done(null);
      });
    };
  }

  /** driver.destroy of a guest that failed: it takes the hypervisor a moment, like a spawn. */
  destroy(uuid: string, ids: { request_id: string }): Thunk<void> {
    return (done) => {
      const w = this.world;
      const event = (phase: 'start' | 'end') =>
        w.emit({
          type: 'hypervisor',
          host: this.host,
          op: 'destroy',
          phase,
          request_id: ids.request_id,
          instance: uuid,
        });
      event('start');
      w.sim.after(w.work(this.process, DESTROY_MS), () => {
        this.vms.delete(uuid);
        event('end');
        done(null);
      });
    };
  }
}

/** How long tearing down a guest that never ran takes (virtual ms). */
const DESTROY_MS = 150;
