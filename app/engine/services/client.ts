import { spawn, type Proc, type Thunk } from '../kernel/coroutine';
import type { BootRequest } from '../scenario';
import type { World } from '../world';
import type { RestNet, RestResponse } from './rest';
import { newRequestId } from './context';

/**
 * The user's `openstack server create --wait`: POST /v2.1/servers, then GET the server
 * every poll interval until it is ACTIVE or ERROR.
 */
export class Client {
  readonly process = 'client';
  /** requests still waiting for an outcome */
  outstanding = 0;
  readonly outcomes = new Map<string, string>();

  constructor(
    private readonly world: World,
    private readonly rest: RestNet,
  ) {}

  boot(req: Omit<BootRequest, 'at'>): void {
    this.outstanding++;
    spawn(this.world.sim, this.run(req), (err) => {
      this.outstanding--;
      if (err) throw err;
    });
  }

  /**
   * The boot, in steps that each return only what the next one needs: a generator keeps its
   * locals while it waits, and this one waits out the whole boot, a poll interval at a time.
   * The request and response bodies of the create and of each poll (a server's whole view)
   * stay with their own steps, garbage once read, instead of living as long as the boot.
   */
  private *run(req: Omit<BootRequest, 'at'>): Proc<void> {
    const w = this.world;
    const requestId = newRequestId(w.rng);
    const id = yield* this.create(req, requestId);
    if (id === null) return;
    // every poll asks for the same path: made once, not once a poll
    const path = `/v2.1/servers/${id}`;
    for (;;) {
      if ((yield this.poll(req.name, requestId, id, path)) as boolean) return;
      yield w.config.client_poll_seconds * 1000;
    }
  }

  /** POST /v2.1/servers: the new server's id, or null when the API refused it. */
  private *create(req: Omit<BootRequest, 'at'>, requestId: string): Proc<string | null> {
    const server: Record<string, unknown> = {
      name: req.name,
      imageRef: req.imageRef,
      flavorRef: req.flavorRef,
    };
    if (req.min_count !== 1 || req.max_count !== 1) {
      server.min_count = req.min_count;
      server.max_count = req.max_count;
    }
    if (req.availability_zone) server.availability_zone = req.availability_zone;
    server.networks = req.networks;
    // "none"/"auto" exist only from microversion 2.37, so the POST names it (as
    // `openstack --os-compute-api-version 2.37 server create --nic none` does); polls do not.
    const headers =
      typeof req.networks === 'string' ? { 'OpenStack-API-Version': 'compute 2.37' } : undefined;
    const post = (yield this.rest.request('nova-api', {
      from: this.process,
      method: 'POST',
      path: '/v2.1/servers',
      body: { server },
      request_id: requestId,
      instance: null,
      ...(headers ? { headers } : {}),
    })) as RestResponse;
    if (post.status !== 202) {
      this.finish(req.name, requestId, null, `rejected ${post.status}`, errorMessage(post.body));
      return null;
    }
    return (post.body as { server: { id: string } }).server.id;
  }

  /**
   * GET the server once: true when it is ACTIVE or ERROR (or the API failed), and finished.
   * One wait with its answer read in the callback, not a generator per poll.
   */
  private poll(name: string, requestId: string, id: string, path: string): Thunk<boolean> {
    const req = {
      from: this.process,
      method: 'GET',
      path,
      request_id: newRequestId(this.world.rng),
      instance: id,
    };
    return (done) =>
      this.rest.send('nova-api', req, (err, r) => {
        if (err) done(err);
        else done(null, this.read(name, requestId, id, r!));
      });
  }

  /** A poll's answer: true when the server is ACTIVE or ERROR (or the API failed), and finished. */
  private read(name: string, requestId: string, id: string, r: RestResponse): boolean {
    const shown = (
      r.body as { server?: { status?: string; fault?: { message?: string } } } | undefined
    )?.server;
    const status = shown?.status ?? `HTTP ${r.status}`;
    if (status === 'ACTIVE' || status === 'ERROR' || r.status !== 200) {
      this.finish(
        name,
        requestId,
        id,
        status,
        shown ? (shown.fault?.message ?? null) : errorMessage(r.body),
      );
      return true;
    }
    return false;
  }

  /** The outcome, and why when it failed: the server's fault, or the API's error message. */
  private finish(
    name: string,
    requestId: string,
    id: string | null,
    status: string,
    message: string | null,
  ): void {
    this.outcomes.set(name, status);
    this.world.emit({
      type: 'client',
      op: 'done',
      name,
      status,
      ...(message !== null ? { message } : {}),
      request_id: requestId,
      instance: id,
    });
  }
}

/** The compute API's error body: `{"forbidden": {"message": …, "code": 403}}`. */
function errorMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const inner = Object.values(body)[0] as { message?: unknown } | undefined;
  return typeof inner?.message === 'string' ? inner.message : null;
}
