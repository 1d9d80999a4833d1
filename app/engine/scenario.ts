import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { RPC_METHODS, RPC_TOPICS, slowable } from './faultTargets';
import { issueProblems, RULES, type ScenarioProblem, type ScenarioRule } from './scenarioProblems';

export type { ScenarioProblem } from './scenarioProblems';

/**
 * The scenario format (DESIGN.md, public). Every object is strict: an unknown field or fault
 * kind is an error that names it, never a silent default.
 */
export const SCENARIO_FORMAT = 'nova-boot-visualizer/scenario@1';

const name = z.string().min(1).max(255);
const nonNeg = z.number().int().nonnegative();

const hostSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, RULES.hostName),
    vcpus: z.number().int().positive(),
    memory_mb: z.number().int().positive(),
    disk_gb: z.number().int().positive(),
    az: z.string().min(1).default('nova'),
    forced_down: z.boolean().default(false),
    /** expands to `count` hosts named <name>1 … <name>N (convenience for large clouds) */
    count: z.number().int().positive().max(2000).optional(),
  })
  .strict();

const flavorSchema = z
  .object({
    id: z.string().min(1),
    name,
    vcpus: z.number().int().positive(),
    ram: z.number().int().positive(),
    disk: nonNeg,
  })
  .strict();

const imageSchema = z
  .object({
    id: z.string().min(1),
    name,
    min_ram: nonNeg.default(0),
    min_disk: nonNeg.default(0),
    architecture: z.string().default('x86_64'),
  })
  .strict();

/** Nova's default quotas, each on its own: a scenario may set one and keep the others. */
const quotasSchema = z
  .object({
    instances: z.number().int().min(-1).default(10),
    cores: z.number().int().min(-1).default(20),
    ram: z.number().int().min(-1).default(51200),
  })
  .strict();

const networksSchema = z.union([
  z.literal('none'),
  z.literal('auto'),
  z.array(
    z
      .object({ uuid: z.string().min(1).optional(), port: z.string().min(1).optional() })
      .strict()
      .refine((n) => n.uuid !== undefined || n.port !== undefined, RULES.networkEntry),
  ),
]);

/** The most servers one request may ask for (`max_count`). */
export const MAX_SERVERS_A_REQUEST = 1000;
/** The latest a request or fault may come, in virtual ms (RULES.timeSpan): a day. */
export const MAX_AT_MS = 86_400_000;
/** The most hosts and servers a scenario may have in all (RULES.hostTotal, serverTotal). */
const MAX_HOSTS = 2000;
const MAX_SERVERS = 100_000;

const requestSchema = z
  .object({
    at: nonNeg,
    name,
    flavorRef: z.string().min(1),
    imageRef: z.string().min(1),
    // nova-api writes every instance's records in one handler, which the worker cannot cut
    // short: a million (quotas unlimited) filled the page's memory before its trace limit
    min_count: z.number().int().positive().max(MAX_SERVERS_A_REQUEST).default(1),
    max_count: z.number().int().positive().max(MAX_SERVERS_A_REQUEST).default(1),
    networks: networksSchema.default('none'),
    availability_zone: z.string().min(1).optional(),
    /** repeats the request `repeat` times, `every` ms apart, names suffixed -1 … -N */
    repeat: z.number().int().positive().max(100_000).optional(),
    every: nonNeg.optional(),
  })
  .strict()
  .refine((r) => r.min_count <= r.max_count, {
    message: RULES.countOrder,
    path: ['min_count'],
  });

const faultSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('spawn-fails'),
      host: z.string().min(1),
      times: z.number().int().positive().optional(),
      at: nonNeg.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('service-down'), host: z.string().min(1), at: nonNeg }).strict(),
  z
    .object({
      kind: z.literal('message-drop'),
      topic: z.string().min(1).optional(),
      method: z.string().min(1).optional(),
      times: z.number().int().positive().optional(),
      at: nonNeg.optional(),
    })
    .strict()
    .refine((f) => f.topic !== undefined || f.method !== undefined, RULES.dropTarget),
  z
    .object({ kind: z.literal('broker-down'), at: nonNeg, for: z.number().int().positive() })
    .strict(),
  z
    .object({
      kind: z.literal('slow'),
      process: z.string().min(1),
      factor: z.number().positive().max(10_000),
      at: nonNeg.optional(),
    })
    .strict(),
]);

/**
 * A duration of the config, in virtual seconds: at most a day, as a request's time is
 * (MAX_AT_MS). A longer one would only fill the run's event limit with heartbeats.
 */
const seconds = z
  .number()
  .positive()
  .max(MAX_AT_MS / 1000);

const configSchema = z
  .object({
    max_attempts: z.number().int().positive().max(10).default(3),
    host_subset_size: z.number().int().positive().default(1),
    cpu_allocation_ratio: z.number().positive().default(16.0),
    ram_allocation_ratio: z.number().positive().default(1.5),
    disk_allocation_ratio: z.number().positive().default(1.0),
    rpc_response_timeout: seconds.int().default(60),
    long_rpc_timeout: seconds.int().default(1800),
    service_down_time: seconds.int().default(60),
    report_interval: seconds.int().default(10),
    spawn_seconds: seconds.default(4),
    client_poll_seconds: seconds.default(5),
  })
  .strict();

export const DEFAULT_IMAGE_ID = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

export const scenarioSchema = z
  .object({
    format: z.literal(SCENARIO_FORMAT),
    name,
    description: z.string().optional(),
    seed: z.number().int().nonnegative().max(0xffffffff).default(1),
    cloud: z
      .object({
        hosts: z.array(hostSchema).min(1),
        quotas: quotasSchema.default({ instances: 10, cores: 20, ram: 51200 }),
        flavors: z
          .array(flavorSchema)
          .min(1)
          .default([{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }]),
        images: z
          .array(imageSchema)
          .min(1)
          .default([
            {
              id: DEFAULT_IMAGE_ID,
              name: 'cirros',
              min_ram: 0,
              min_disk: 0,
              architecture: 'x86_64',
            },
          ]),
      })
      .strict(),
    config: configSchema.default(configSchema.parse({})),
    requests: z.array(requestSchema),
    faults: z.array(faultSchema).default([]),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type HostSpec = Omit<z.output<typeof hostSchema>, 'count'>;
export type FlavorSpec = z.output<typeof flavorSchema>;
export type ImageSpec = z.output<typeof imageSchema>;
export type RequestSpecInput = z.output<typeof requestSchema>;
export type BootRequest = Omit<RequestSpecInput, 'repeat' | 'every'>;
export type FaultSpec = z.output<typeof faultSchema>;
export type SimConfig = z.output<typeof configSchema>;

/** A scenario after validation, with hosts and repeated requests expanded. */
export interface ResolvedScenario extends Omit<Scenario, 'cloud' | 'requests'> {
  cloud: Omit<Scenario['cloud'], 'hosts'> & { hosts: HostSpec[] };
  requests: BootRequest[];
}

export class ScenarioError extends Error {
  constructor(readonly problems: ScenarioProblem[]) {
    super(`invalid scenario:\n${problems.map((p) => `  - ${p.text}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

function expandHosts(hosts: Scenario['cloud']['hosts']): HostSpec[] {
  const out: HostSpec[] = [];
  for (const h of hosts) {
    if (h.count === undefined) out.push(hostSpec(h, h.name));
    else for (let i = 1; i <= h.count; i++) out.push(hostSpec(h, `${h.name}${i}`));
  }
  return out;
}

function expandRequests(requests: Scenario['requests']): BootRequest[] {
  const out: BootRequest[] = [];
  for (const r of requests) {
    if (r.repeat === undefined) out.push(bootRequest(r, r.at, r.name));
    else
      for (let i = 0; i < r.repeat; i++)
        out.push(bootRequest(r, r.at + i * (r.every ?? 0), `${r.name}-${i + 1}`));
  }
  return out.sort((a, b) => a.at - b.at);
}

/*
 * The resolved scenario is made of object literals, with zod's keys in zod's order, and no
 * spread. zod builds its objects key by key, and a copy of one ({ ...s }) takes a shape derived
 * from that object's: once a full collection has found none of zod's objects left, the next
 * scenario's shapes are new ones, and the engine's optimized code that reads the scenario (its
 * config above all) was thrown away and compiled again. A literal's shape lives as long as the
 * code that makes it.
 */

const hostSpec = (h: Scenario['cloud']['hosts'][number], hostName: string): HostSpec => ({
  name: hostName,
  vcpus: h.vcpus,
  memory_mb: h.memory_mb,
  disk_gb: h.disk_gb,
  az: h.az,
  forced_down: h.forced_down,
});

function bootRequest(r: RequestSpecInput, at: number, name: string): BootRequest {
  const { flavorRef, imageRef, min_count, max_count, networks, availability_zone } = r;
  return availability_zone === undefined
    ? { at, name, flavorRef, imageRef, min_count, max_count, networks }
    : { at, name, flavorRef, imageRef, min_count, max_count, networks, availability_zone };
}

const flavorSpec = (f: FlavorSpec): FlavorSpec => ({
  id: f.id,
  name: f.name,
  vcpus: f.vcpus,
  ram: f.ram,
  disk: f.disk,
});

const imageSpec = (i: ImageSpec): ImageSpec => ({
  id: i.id,
  name: i.name,
  min_ram: i.min_ram,
  min_disk: i.min_disk,
  architecture: i.architecture,
});

const simConfig = (c: SimConfig): SimConfig => ({
  max_attempts: c.max_attempts,
  host_subset_size: c.host_subset_size,
  cpu_allocation_ratio: c.cpu_allocation_ratio,
  ram_allocation_ratio: c.ram_allocation_ratio,
  disk_allocation_ratio: c.disk_allocation_ratio,
  rpc_response_timeout: c.rpc_response_timeout,
  long_rpc_timeout: c.long_rpc_timeout,
  service_down_time: c.service_down_time,
  report_interval: c.report_interval,
  spawn_seconds: c.spawn_seconds,
  client_poll_seconds: c.client_poll_seconds,
});

function resolved(s: Scenario, hosts: HostSpec[]): ResolvedScenario {
  const q = s.cloud.quotas;
  const cloud = {
    hosts,
    quotas: { instances: q.instances, cores: q.cores, ram: q.ram },
    flavors: s.cloud.flavors.map(flavorSpec),
    images: s.cloud.images.map(imageSpec),
  };
  const { format, name, description, seed, faults } = s;
  const config = simConfig(s.config);
  const requests = expandRequests(s.requests);
  return description === undefined
    ? { format, name, seed, cloud, config, requests, faults }
    : { format, name, description, seed, cloud, config, requests, faults };
}

/** What each fault names that the cloud lacks: a host, a process, an RPC topic or method. */
function faultTargetProblems(
  faults: Iterable<[number, FaultSpec]>,
  hosts: ReadonlySet<string>,
): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const broken = (path: string, rule: ScenarioRule) =>
    problems.push({ kind: 'rule', rule, path, text: `${path}: ${RULES[rule]}` });
  for (const [i, f] of faults) {
    if ((f.kind === 'spawn-fails' && f.host !== '*') || f.kind === 'service-down') {
      if (!hosts.has(f.host)) {
        const path = `faults[${i}].host`;
        const text = `${path}: no host named "${f.host}" in cloud.hosts`;
        problems.push({ kind: 'noHost', path, text, host: f.host });
      }
    }
    if (f.kind === 'slow' && !slowable(f.process, hosts))
      broken(`faults[${i}].process`, 'slowProcess');
    if (f.kind === 'message-drop') {
      if (f.topic !== undefined && !(RPC_TOPICS as readonly string[]).includes(f.topic))
        broken(`faults[${i}].topic`, 'dropTopic');
      if (f.method !== undefined && !(RPC_METHODS as readonly string[]).includes(f.method))
        broken(`faults[${i}].method`, 'dropMethod');
    }
  }
  return problems;
}

/**
 * With the scenario refused as a whole, what its faults that are well formed on their own
 * name wrongly, against the hosts that are: said with the rest rather than after a fix.
 */
function partFaultProblems(input: unknown): ScenarioProblem[] {
  const s = input as { cloud?: { hosts?: unknown }; faults?: unknown } | null;
  if (typeof s !== 'object' || s === null || !Array.isArray(s.faults)) return [];
  const hosts = Array.isArray(s.cloud?.hosts) ? s.cloud.hosts : [];
  const names = new Set<string>();
  for (const h of hosts) {
    const parsed = hostSchema.safeParse(h);
    // a host entry that does not parse may still be the one a fault names: not judged
    if (!parsed.success) return [];
    for (const e of expandHosts([parsed.data])) names.add(e.name);
  }
  const faults: [number, FaultSpec][] = [];
  s.faults.forEach((f: unknown, i) => {
    const parsed = faultSchema.safeParse(f);
    if (parsed.success) faults.push([i, parsed.data]);
  });
  return faultTargetProblems(faults, names);
}

/** The fields each object of the format may have, by its path (for "did you mean"). */
function keysAt(path: readonly PropertyKey[]): readonly string[] {
  const at = path.map((p) => (typeof p === 'number' ? '[]' : String(p))).join('.');
  switch (at) {
    case '':
      return Object.keys(scenarioSchema.shape);
    case 'cloud':
      return Object.keys(scenarioSchema.shape.cloud.shape);
    case 'cloud.hosts.[]':
      return Object.keys(hostSchema.shape);
    case 'cloud.quotas':
      return Object.keys(quotasSchema.shape);
    case 'cloud.flavors.[]':
      return Object.keys(flavorSchema.shape);
    case 'cloud.images.[]':
      return Object.keys(imageSchema.shape);
    case 'requests.[]':
      return Object.keys(requestSchema.shape);
    case 'config':
      return Object.keys(configSchema.shape);
    case 'faults.[]':
      return [...new Set(faultSchema.options.flatMap((o) => Object.keys(o.shape)))];
    default:
      return [];
  }
}

/** The fields the object at `path` of `input` may have and does not. */
function absentKeysAt(input: unknown, path: readonly PropertyKey[]): readonly string[] {
  let at: unknown = input;
  for (const p of path) at = typeof at === 'object' && at !== null ? (at as never)[p] : undefined;
  if (typeof at !== 'object' || at === null) return [];
  return keysAt(path).filter((k) => !(k in at));
}

/** Validates untrusted input (parsed JSON) and resolves it, or throws a ScenarioError. */
export function parseScenario(input: unknown): ResolvedScenario {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    // zod says a missing literal is a wrong value: the format field is looked for here
    const noFormat = typeof input === 'object' && input !== null && !('format' in input);
    throw new ScenarioError([
      ...issueProblems(result.error.issues, (path) => absentKeysAt(input, path)).map((p) =>
        noFormat && p.path === 'format'
          ? {
              kind: 'missing' as const,
              path: 'format',
              text: `format: missing (required: "${SCENARIO_FORMAT}")`,
              expected: SCENARIO_FORMAT,
            }
          : p,
      ),
      ...partFaultProblems(input),
    ]);
  }
  const s = result.data;
  // each entry is bounded, their sum too: a run of them all would fill the page's memory
  const totals: ScenarioProblem[] = [];
  if (s.cloud.hosts.reduce((n, h) => n + (h.count ?? 1), 0) > MAX_HOSTS)
    totals.push({
      kind: 'rule',
      rule: 'hostTotal',
      path: 'cloud.hosts',
      text: `cloud.hosts: ${RULES.hostTotal}`,
    });
  if (s.requests.reduce((n, r) => n + (r.repeat ?? 1) * r.max_count, 0) > MAX_SERVERS)
    totals.push({
      kind: 'rule',
      rule: 'serverTotal',
      path: 'requests',
      text: `requests: ${RULES.serverTotal}`,
    });
  if (totals.length) throw new ScenarioError(totals);
  const hosts = expandHosts(s.cloud.hosts);
  const problems: ScenarioProblem[] = [];
  const seen = new Set<string>();
  for (const h of hosts) {
    if (seen.has(h.name)) {
      const path = 'cloud.hosts';
      const text = `${path}: host name "${h.name}" is used twice`;
      problems.push({ kind: 'hostTwice', path, text, name: h.name });
    }
    seen.add(h.name);
  }
  // two compute nodes of one name: placement would refuse the second resource provider
  if (seen.has('compute') && seen.has('fake-mini'))
    problems.push({
      kind: 'rule',
      rule: 'nodeClash',
      path: 'cloud.hosts',
      text: `cloud.hosts: ${RULES.nodeClash}`,
    });
  const flavorIds = new Set<string>();
  s.cloud.flavors.forEach((f, i) => {
    if (flavorIds.has(f.id)) {
      const path = `cloud.flavors[${i}].id`;
      const text = `${path}: flavor id "${f.id}" is used twice`;
      problems.push({ kind: 'flavorTwice', path, text, id: f.id });
    }
    flavorIds.add(f.id);
  });
  const imageIds = new Set<string>();
  s.cloud.images.forEach((im, i) => {
    if (imageIds.has(im.id)) {
      const path = `cloud.images[${i}].id`;
      const text = `${path}: image id "${im.id}" is used twice`;
      problems.push({ kind: 'imageTwice', path, text, id: im.id });
    }
    imageIds.add(im.id);
  });
  const broken = (path: string, rule: ScenarioRule) =>
    problems.push({ kind: 'rule', rule, path, text: `${path}: ${RULES[rule]}` });
  problems.push(...faultTargetProblems(s.faults.entries(), seen));
  // a run goes on, heartbeat by heartbeat, until its last request or fault: a day at most
  s.requests.forEach((r, i) => {
    if (r.every !== undefined && r.repeat === undefined)
      broken(`requests[${i}].every`, 'everyAlone');
    if (r.at + ((r.repeat ?? 1) - 1) * (r.every ?? 0) > MAX_AT_MS)
      broken(`requests[${i}]`, 'timeSpan');
  });
  s.faults.forEach((f, i) => {
    const end = f.kind === 'broker-down' ? f.at + f.for : (f.at ?? 0);
    if (end > MAX_AT_MS) broken(`faults[${i}]`, 'timeSpan');
  });
  if (problems.length) throw new ScenarioError(problems);
  return resolved(s, hosts);
}

/** Parses scenario JSON text; a syntax error is reported like any other problem. */
export function parseScenarioText(text: string): ResolvedScenario {
  if (text.trim() === '')
    throw new ScenarioError([
      { kind: 'empty', path: '', text: 'the file is empty: a scenario is a JSON object' },
    ]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    if (looksLikeTrace(text))
      throw new ScenarioError([
        {
          kind: 'trace',
          path: '',
          text: 'this is a trace (JSON Lines of events), not a scenario: open a scenario file',
        },
      ]);
    throw new ScenarioError([jsonProblem(text, (e as Error).message)]);
  }
  return parseScenario(json);
}

/** A trace's first line is one event: an object with its seq, t and type. */
function looksLikeTrace(text: string): boolean {
  const first = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  try {
    const e = JSON.parse(first) as Record<string, unknown> | null;
    return typeof e === 'object' && e !== null && 'seq' in e && 't' in e && 'type' in e;
  } catch {
    return false;
  }
}

/**
 * A syntax error where the parser stopped: its line and column, counted from 1, and that
 * line (cut to 80 characters around the place). JSON.parse's message says where only in
 * some engines' words, so jsonc-parser, as strict, finds the place.
 */
function jsonProblem(text: string, detail: string): ScenarioProblem {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
  const pos = Math.min(errors[0]?.offset ?? text.length, text.length);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  // nothing wrong before the text's end: it ends before its JSON does (cut short)
  if (pos >= text.trimEnd().length)
    return {
      kind: 'jsonEnds',
      path: '',
      text: `not valid JSON: the file ends at line ${line} before its JSON does (a { or [ left open, or a value missing)`,
      line,
    };
  const whole = text.split('\n')[line - 1] ?? '';
  const from = Math.max(0, column - 40);
  const excerpt = whole.slice(from, from + 80).trimEnd();
  return {
    kind: 'json',
    path: '',
    text: `not valid JSON at line ${line}, column ${column}: ${detail}`,
    detail,
    line,
    column,
    excerpt,
  };
}
