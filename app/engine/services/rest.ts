import { spawn, type Proc, type Thunk } from '../kernel/coroutine';
import type { RestEvent, Unsequenced } from '../trace';
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
}

export type RestHandler = (req: RestRequest) => Proc<RestResponse>;

/** HTTP between projects (and from the client): a request leg, the server's work, a response leg. */
export class RestNet {
  private servers = new Map<string, RestHandler>();
  /** processes whose response bodies go into the trace (nova-api's are public format) */
  private bodiesFrom = new Set<string>(['nova-api']);

  constructor(private readonly world: World) {}

  listen(process: string, handler: RestHandler): void {
    this.servers.set(process, handler);
  }

  request(to: string, req: RestRequest): Thunk<RestResponse> {
    return (done) => {
      const w = this.world;
      const arrive = w.now + LATENCY.rest;
      const request: Unsequenced<RestEvent> = {
        type: 'rest',
        phase: 'request',
        request_id: req.request_id,
        instance: req.instance,
        from: req.from,
        to,
        arrive_t: arrive,
        method: req.method,
        path: req.path,
      };
      // set only when present, in this order (an object spread per request costs more)
      if (req.headers !== undefined) request.headers = req.headers;
      if (req.body !== undefined) request.body = req.body;
      w.emit<RestEvent>(request);
      w.sim.at(arrive, () => {
        const handler = this.servers.get(to);
        if (!handler) {
          done(new Error(`no REST server ${to}`));
          return;
        }
        spawn(w.sim, handler(req), (err, res) => {
          const response: RestResponse = err ? { status: 500, body: { error: err.message } } : res!;
          const back = w.now + LATENCY.rest;
          const answer: Unsequenced<RestEvent> = {
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
          };
          if (this.bodiesFrom.has(to) && response.body !== undefined) answer.body = response.body;
          w.emit<RestEvent>(answer);
          w.sim.at(back, () => done(null, response));
        });
      });
    };
  }
}
