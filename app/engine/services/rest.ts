import { spawn, type Proc, type Thunk } from '../kernel/coroutine';
import type { RestEvent } from '../trace';
import { LATENCY, type World } from '../world';

export interface RestRequest {
  from: string;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  request_id: string | null;
  instance: string | null;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  /**
   * The body is the simulator's own structure, not the project's wire format: kept out of
   * the trace (placement's allocation candidates, which the worker rebuilds from the
   * placement tables when someone inspects the response).
   */
  internal?: true;
}

export type RestHandler = (req: RestRequest) => Proc<RestResponse>;

/**
 * A server that works for a while and then answers without waiting on anything else (the
 * peers: placement, neutron, glance, keystone). It needs no coroutine: a request is one timer.
 */
export interface PlainServer {
  /** the virtual ms this request keeps the server busy, drawn as the request arrives */
  work(req: RestRequest): number;
  answer(req: RestRequest): RestResponse;
}

/** HTTP between projects (and from the client): a request leg, the server's work, a response leg. */
export class RestNet {
  private servers = new Map<string, RestHandler | PlainServer>();

  constructor(private readonly world: World) {}

  listen(process: string, handler: RestHandler | PlainServer): void {
    this.servers.set(process, handler);
  }

  request(to: string, req: RestRequest): Thunk<RestResponse> {
    return (done) => this.send(to, req, done);
  }

  /** `request`'s thunk run at once: `done` gets the response. */
  send(to: string, req: RestRequest, done: (err: Error | null, value?: RestResponse) => void) {
    new RestCall(this.world, this.servers, to, req, done).send();
  }
}

/**
 * One request on its way: its legs and the server's work are kernel actions given the call,
 * not closures: every boot makes a few dozen requests, a dozen of them in one claim.
 */
class RestCall {
  private response: RestResponse | null = null;

  constructor(
    private readonly world: World,
    private readonly servers: ReadonlyMap<string, RestHandler | PlainServer>,
    private readonly to: string,
    private readonly req: RestRequest,
    private readonly done: (err: Error | null, value?: RestResponse) => void,
  ) {}

  send(): void {
    const { world: w, req, to } = this;
    const arrive = w.now + LATENCY.rest;
    const request: RestEvent = {
      type: 'rest',
      phase: 'request',
      request_id: req.request_id,
      instance: req.instance,
      from: req.from,
      to,
      arrive_t: arrive,
      method: req.method,
      path: req.path,
      // undefined when the request has none: JSON leaves them out, and every request keeps
      // one shape
      headers: req.headers,
      body: req.body,
      seq: 0,
      t: 0,
    };
    w.emit<RestEvent>(request);
    w.sim.atWith(arrive, arrives, this, undefined);
  }

  /** The request reaches its server. */
  arrive(): void {
    const w = this.world;
    const server = this.servers.get(this.to);
    if (!server) this.done(new Error(`no REST server ${this.to}`));
    else if (typeof server === 'function')
      spawn(w.sim, server(this.req), (err, res) => this.respond(err, res));
    else w.sim.atWith(w.now + server.work(this.req), answers, this, server);
  }

  /** A plain server has done its work and answers. */
  answer(server: PlainServer): void {
    let res: RestResponse;
    try {
      res = server.answer(this.req);
    } catch (e) {
      this.respond(e as Error);
      return;
    }
    this.respond(null, res);
  }

  private respond(err: Error | null, res?: RestResponse): void {
    const { world: w, req } = this;
    const response: RestResponse = err ? { status: 500, body: { error: err.message } } : res!;
    this.response = response;
    const back = w.now + LATENCY.rest;
    const answer: RestEvent = {
      type: 'rest',
      phase: 'response',
      request_id: req.request_id,
      instance: req.instance,
      from: this.to,
      to: req.from,
      arrive_t: back,
      method: req.method,
      path: req.path,
      status: response.status,
      body: response.internal === true ? undefined : response.body,
      seq: 0,
      t: 0,
    };
    w.emit<RestEvent>(answer);
    w.sim.atWith(back, returns, this, undefined);
  }

  /** The response is back with the caller. */
  returned(): void {
    this.done(null, this.response!);
  }
}

const arrives = (call: RestCall) => call.arrive();
const answers = (call: RestCall, server: PlainServer) => call.answer(server);
const returns = (call: RestCall) => call.returned();
