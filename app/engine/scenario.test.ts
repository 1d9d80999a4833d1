import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText, ScenarioError } from './scenario';
import { loadScenarioFile } from './testing';

const base = () =>
  loadScenarioFile('one-boot.json') as Record<string, unknown> & {
    cloud: Record<string, unknown>;
    requests: Record<string, unknown>[];
  };

function problems(input: unknown): string[] {
  try {
    parseScenario(input);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => p.text);
    throw e;
  }
  return [];
}

describe('scenario validation', () => {
  it('accepts every shipped example', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(new URL('../../public/scenarios/', import.meta.url)).filter(
      (f) => f.endsWith('.json') && f !== 'index.json',
    );
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) expect(problems(loadScenarioFile(f)), f).toEqual([]);
  });

  it('names an unknown top-level field', () => {
    expect(problems({ ...base(), colour: 'blue' })).toEqual([
      '(top level): unknown field "colour"',
    ]);
  });

  it('names an unknown field deep inside, with its path', () => {
    const s = base();
    s.requests[0]!.flavour = '1';
    expect(problems(s)).toEqual(['requests[0]: unknown field "flavour"']);
  });

  it('names the field an unknown one is near among those its object may have and lacks', () => {
    const s = base() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    s.cloud.quotas = { instance: 5, cores: 20 };
    s.config = { max_atempts: 2 };
    s.requests[0].avalability_zone = 'nova';
    expect(problems(s)).toEqual([
      'cloud.quotas: unknown field "instance" (did you mean "instances"?)',
      'config: unknown field "max_atempts" (did you mean "max_attempts"?)',
      'requests[0]: unknown field "avalability_zone" (did you mean "availability_zone"?)',
    ]);
    // one it has already is not the one meant: "colour" is not "cloud"
    const t = base() as Record<string, unknown>;
    t.colour = 'blue';
    expect(problems(t)).toEqual(['(top level): unknown field "colour"']);
  });

  it('says a misspelt required field once, with the name it is near', () => {
    const s = base();
    const r = s.requests[0]! as Record<string, unknown>;
    r.flavour = r.flavorRef;
    delete r.flavorRef;
    expect(problems(s)).toEqual([
      'requests[0]: unknown field "flavour" (did you mean "flavorRef"?)',
    ]);
    // a field far from every missing one is two problems, each named
    const t = base();
    const q = t.requests[0]! as Record<string, unknown>;
    q.colour = 'blue';
    delete q.imageRef;
    expect(problems(t)).toEqual([
      'requests[0].imageRef: missing (required)',
      'requests[0]: unknown field "colour"',
    ]);
  });

  it('names an unknown fault kind', () => {
    expect(problems({ ...base(), faults: [{ kind: 'meteor-strike' }] })[0]).toMatch(
      /^faults\[0\]\.kind: unknown fault kind/,
    );
  });

  it('refuses a wrong type and says which field', () => {
    const s = base();
    (s.cloud.hosts as Record<string, unknown>[])[0]!.vcpus = 'eight';
    expect(problems(s)[0]).toMatch(/^cloud\.hosts\[0\]\.vcpus: /);
  });

  it('refuses a request for more servers than a run can hold, naming the field', () => {
    const s = base();
    s.cloud.quotas = { instances: -1, cores: -1, ram: -1 };
    s.requests[0]!.max_count = 1_000_000;
    expect(problems(s)).toEqual(['requests[0].max_count: Too big: expected number to be <=1000']);
    s.requests[0]!.max_count = 1000;
    expect(problems(s)).toEqual([]);
  });

  it('refuses a duration of the config longer than a day, naming each', () => {
    const s = base();
    s.config = { spawn_seconds: 1e15, rpc_response_timeout: 86_401, client_poll_seconds: 86_400 };
    expect(problems(s)).toEqual([
      'config.rpc_response_timeout: Too big: expected number to be <=86400',
      'config.spawn_seconds: Too big: expected number to be <=86400',
    ]);
  });

  it('refuses more hosts or servers in all than a run can hold, each entry within its bound', () => {
    const s = base();
    s.cloud.hosts = [
      { name: 'a', count: 1500, vcpus: 8, memory_mb: 8192, disk_gb: 100 },
      { name: 'b', count: 501, vcpus: 8, memory_mb: 8192, disk_gb: 100 },
    ];
    expect(problems(s)).toEqual([
      'cloud.hosts: a cloud has at most 2000 hosts in all (counts included)',
    ]);
    (s.cloud.hosts as { count: number }[])[1]!.count = 500;
    s.cloud.quotas = { instances: -1, cores: -1, ram: -1 };
    s.requests = [
      { ...s.requests[0]!, repeat: 100_000 },
      { ...s.requests[0]!, name: 'more', max_count: 2 },
    ];
    expect(problems(s)).toEqual([
      'requests: a scenario asks for at most 100000 servers in all (repeats and max_count included)',
    ]);
    s.requests = [s.requests[0]!];
    expect(problems(s)).toEqual([]);
  });

  it('refuses a host named fake-mini beside one named compute: their nodes would share a name', () => {
    const s = base();
    s.cloud.hosts = [
      { name: 'compute', vcpus: 4, memory_mb: 4096, disk_gb: 40 },
      { name: 'fake-mini', vcpus: 4, memory_mb: 4096, disk_gb: 40 },
    ];
    expect(problems(s)).toEqual([
      'cloud.hosts: a host named compute reports the node fake-mini (as the fake virt driver names it): no other host may be named fake-mini',
    ]);
    s.cloud.hosts = [{ name: 'fake-mini', vcpus: 4, memory_mb: 4096, disk_gb: 40 }];
    expect(problems(s)).toEqual([]);
  });

  it('refuses a fault on a host that does not exist', () => {
    expect(
      problems({ ...base(), faults: [{ kind: 'service-down', host: 'nope', at: 0 }] }),
    ).toEqual(['faults[0].host: no host named "nope" in cloud.hosts']);
  });

  it('names every fault that names what the cloud lacks, beside a fault it cannot read at all', () => {
    const s = base();
    s.faults = [
      { kind: 'service-down', host: 'host9', at: 0 },
      { kind: 'message-drop', method: 'select_destination' },
      { kind: 'explode' },
    ];
    expect(problems(s)).toEqual([
      'faults[2].kind: unknown fault kind (expected spawn-fails, service-down, message-drop, broker-down or slow)',
      'faults[0].host: no host named "host9" in cloud.hosts',
      expect.stringMatching(/^faults\[1\]\.method: /),
    ]);
    // with a host entry it cannot read, a fault's host is not judged
    (s.cloud.hosts as unknown[]).push({ name: 'host9' });
    expect(problems(s).filter((p) => p.includes('no host named'))).toEqual([]);
  });

  it('refuses a wrong format tag and bad JSON', () => {
    expect(problems({ ...base(), format: 'something@2' })[0]).toMatch(/^format: /);
    expect(() => parseScenarioText('{ not json')).toThrow(/not valid JSON/);
  });

  it('says a missing format is missing, and a wrong one wrong', () => {
    const texts = (input: Record<string, unknown>) => {
      try {
        parseScenario(input);
      } catch (e) {
        return (e as ScenarioError).problems.map((p) => p.text);
      }
      return [];
    };
    const base = {
      name: 'x',
      cloud: { hosts: [{ name: 'h', vcpus: 1, memory_mb: 1, disk_gb: 1 }] },
      requests: [],
    };
    expect(texts(base)).toEqual(['format: missing (required: "nova-boot-visualizer/scenario@1")']);
    expect(texts({ ...base, format: 'scenario@2' })).toEqual([
      'format: Invalid input: expected "nova-boot-visualizer/scenario@1"',
    ]);
  });

  it('fills the defaults of DESIGN.md', () => {
    const s = parseScenario({
      format: 'nova-boot-visualizer/scenario@1',
      name: 'x',
      cloud: { hosts: [{ name: 'h', vcpus: 1, memory_mb: 1024, disk_gb: 10 }] },
      requests: [],
    });
    expect(s.cloud.quotas).toEqual({ instances: 10, cores: 20, ram: 51200 });
    // one quota set keeps the defaults of the others
    const ramOnly = parseScenario({
      format: 'nova-boot-visualizer/scenario@1',
      name: 'x',
      cloud: {
        hosts: [{ name: 'h', vcpus: 1, memory_mb: 1024, disk_gb: 10 }],
        quotas: { ram: 1024 },
      },
      requests: [],
    });
    expect(ramOnly.cloud.quotas).toEqual({ instances: 10, cores: 20, ram: 1024 });
    expect(s.config).toMatchObject({
      max_attempts: 3,
      cpu_allocation_ratio: 16,
      ram_allocation_ratio: 1.5,
      disk_allocation_ratio: 1,
      rpc_response_timeout: 60,
      service_down_time: 60,
      report_interval: 10,
    });
  });

  it('expands host counts and repeated requests', () => {
    const s = parseScenario(loadScenarioFile('cloud-100-hosts-300-boots.json'));
    expect(s.cloud.hosts).toHaveLength(100);
    expect(s.requests).toHaveLength(300);
    expect(s.cloud.hosts[99]!.name).toBe('cmp100');
  });
});
