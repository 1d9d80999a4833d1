import type { z } from 'zod';

/**
 * A problem with a scenario, said in English (`text`) and kept as data, so that the page can
 * say it in its own language: where it is (`path`, as written in `text`) and what is wrong.
 * Plain data: it crosses from the worker to the page.
 */
export type ScenarioProblem = { path: string; text: string } &
  /** `expected`: the one value the field may have (the format's name) */
  (
    | { kind: 'missing'; expected?: string }
    | { kind: 'unknownFields'; keys: { key: string; near: string | null }[] }
    | { kind: 'faultKind' }
    | { kind: 'type'; expected: string; received: string }
    | { kind: 'tooSmall' | 'tooBig'; origin: string; limit: number; inclusive: boolean }
    | { kind: 'value'; expected: string[] }
    | { kind: 'rule'; rule: ScenarioRule }
    | { kind: 'hostTwice'; name: string }
    | { kind: 'flavorTwice'; id: string }
    | { kind: 'imageTwice'; id: string }
    | { kind: 'noHost'; host: string }
    | { kind: 'json'; detail: string; line: number; column: number; excerpt: string }
    /** the text ends before its JSON does: a file cut short */
    | { kind: 'jsonEnds'; line: number }
    | { kind: 'empty' }
    /** a trace (JSON Lines of events), given where a scenario was expected */
    | { kind: 'trace' }
    | { kind: 'other' }
  );

/** The scenario's own rules (zod refinements), by the message each fails with. */
export const RULES = {
  hostName: 'a host name is letters, digits, ".", "_" or "-"',
  networks: 'networks is "none", "auto" or a list of networks ({"uuid": …} or {"port": …})',
  networkEntry: 'a network asks for a uuid or a port',
  countOrder: 'min_count must not exceed max_count',
  dropTarget: 'message-drop names a topic or a method',
  hostTotal: 'a cloud has at most 2000 hosts in all (counts included)',
  nodeClash:
    'a host named compute reports the node fake-mini (as the fake virt driver names it): no other host may be named fake-mini',
  serverTotal: 'a scenario asks for at most 100000 servers in all (repeats and max_count included)',
  slowProcess:
    'slow names a process that takes time: rabbitmq, nova-api, nova-conductor, nova-scheduler, placement-api, neutron-server, glance-api, keystone, nova-compute or hypervisor (every host), or nova-compute@<host> or hypervisor@<host> of a host in cloud.hosts',
  dropTopic: 'message-drop names a topic the services send on: conductor, scheduler or compute',
  dropMethod:
    'message-drop names a method the services send: schedule_and_build_instances, select_destinations, build_and_run_instance, object_action, update_instance_info or build_instances',
  everyAlone: 'every is the time between repeats: it needs repeat',
  timeSpan: 'the requests and faults of a scenario happen within its first 24 hours (86400000 ms)',
} as const;
export type ScenarioRule = keyof typeof RULES;

export const FAULT_KINDS = 'spawn-fails, service-down, message-drop, broker-down or slow';

export function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || '(top level)';
}

/** Edit distance, for "did you mean": a misspelt field name is a few edits from the right one. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++)
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[y.length]!;
}

/** a few edits apart: at most a third of the longer name (and 2 for short ones) */
const near3 = (a: string, b: string) =>
  distance(a, b) <= Math.max(2, Math.floor(Math.max(a.length, b.length) / 3));

const isMissing = (issue: z.core.$ZodIssue) =>
  issue.code === 'invalid_type' && / received undefined$/.test(issue.message);

/**
 * One problem per issue. A misspelt required field is one problem, not two (an unknown
 * field and a missing one): it is said as the unknown field, with the name it is near; an
 * unknown field near one of the fields its object may have (`knownKeys` of its path) is said
 * with that one.
 */
export function issueProblems(
  issues: readonly z.core.$ZodIssue[],
  knownKeys: (path: readonly PropertyKey[]) => readonly string[] = () => [],
): ScenarioProblem[] {
  const missing = issues.filter(isMissing);
  const taken = new Set<z.core.$ZodIssue>();
  /** the unknown keys of each unrecognized_keys issue, with the missing field each is near */
  const unknown = new Map<z.core.$ZodIssue, { key: string; near: string | null }[]>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const at = pathText(issue.path);
    unknown.set(
      issue,
      issue.keys.map((key) => {
        const near = missing.find(
          (m) =>
            !taken.has(m) &&
            pathText(m.path.slice(0, -1)) === at &&
            near3(key, String(m.path.at(-1))),
        );
        if (near) {
          taken.add(near);
          return { key, near: String(near.path.at(-1)) };
        }
        // a field that has a default, written a few edits off (quotas.instance): not missing,
        // but the one meant all the same
        const known = knownKeys(issue.path).find((k) => k !== key && near3(key, k));
        return { key, near: known ?? null };
      }),
    );
  }
  return issues
    .filter((issue) => !taken.has(issue))
    .map((issue) => {
      const keys = unknown.get(issue);
      if (!keys) return issueProblem(issue);
      const path = pathText(issue.path);
      const names = keys.map(({ key, near }) =>
        near ? `"${key}" (did you mean "${near}"?)` : `"${key}"`,
      );
      const text = `${path}: unknown field${keys.length > 1 ? 's' : ''} ${names.join(', ')}`;
      return { kind: 'unknownFields', path, text, keys };
    });
}

const RULE_OF = new Map(Object.entries(RULES).map(([k, v]) => [v as string, k as ScenarioRule]));

/** zod's name for the type of a value it was given (util.parsedType), for the page's words */
function received(message: string): string {
  return / received (\w+)$/.exec(message)?.[1] ?? 'unknown';
}

function issueProblem(issue: z.core.$ZodIssue): ScenarioProblem {
  const path = pathText(issue.path);
  if (isMissing(issue)) return { kind: 'missing', path, text: `${path}: missing (required)` };
  const text = `${path}: ${issue.message}`;
  switch (issue.code) {
    case 'invalid_union':
      if ('note' in issue && issue.note === 'No matching discriminator')
        return {
          kind: 'faultKind',
          path,
          text: `${path}: unknown fault kind (expected ${FAULT_KINDS})`,
        };
      // the one other union of the format: a request's networks
      if (issue.path.at(-1) === 'networks')
        return { kind: 'rule', path, text: `${path}: ${RULES.networks}`, rule: 'networks' };
      break;
    case 'invalid_format':
      if (issue.message === RULES.hostName) return { kind: 'rule', path, text, rule: 'hostName' };
      break;
    case 'invalid_type':
      return { kind: 'type', path, text, expected: issue.expected, received: received(text) };
    case 'too_small':
      return {
        kind: 'tooSmall',
        path,
        text,
        origin: issue.origin,
        limit: Number(issue.minimum),
        inclusive: issue.inclusive ?? false,
      };
    case 'too_big':
      return {
        kind: 'tooBig',
        path,
        text,
        origin: issue.origin,
        limit: Number(issue.maximum),
        inclusive: issue.inclusive ?? false,
      };
    case 'invalid_value':
      return { kind: 'value', path, text, expected: issue.values.map((v) => JSON.stringify(v)) };
    case 'custom': {
      const rule = RULE_OF.get(issue.message);
      if (rule) return { kind: 'rule', path, text, rule };
      break;
    }
  }
  return { kind: 'other', path, text };
}
