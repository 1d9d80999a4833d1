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
    return (done) => {
      const w = this.world;
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
      const respond = (err: Error | null, res?: RestResponse): void => {
        const response: RestResponse = err ? { status: 500, body: { error: err.message } } : res!;
        const back = w.now + LATENCY.rest;
        const answer: RestEvent = {
          type: 'rest',
          phase: 'response',
          request_id: req.request_id,
          instance: req.instance,
          from: to,
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
        w.sim.at(back, () => done(null, response));
      };
      w.sim.at(arrive, () => {
        const server = this.servers.get(to);
        if (!server) done(new Error(`no REST server ${to}`));
        else if (typeof server === 'function') spawn(w.sim, server(req), respond);
        else
          w.sim.after(server.work(req), () => {
            let res: RestResponse;
            try {
              res = server.answer(req);
            } catch (e) {
              respond(e as Error);
              return;
            }
            respond(null, res);
          });
      });
    };
  }
}
