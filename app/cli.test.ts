import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const run = (...args: string[]) => spawnSync(tsx, ['app/cli.ts', ...args], { encoding: 'utf8' });

describe('the headless runner', () => {
  it('prints the trace as JSON Lines', () => {
    const out = execFileSync(tsx, ['app/cli.ts', 'public/scenarios/one-boot.json'], {
      encoding: 'utf8',
    });
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ seq: 0, t: 0 });
    const rpc = lines.find((l) => l.type === 'rpc')!;
    expect(rpc.envelope).toMatchObject({ 'oslo.version': '2.0' });
    const inner = JSON.parse((rpc.envelope as Record<string, string>)['oslo.message']!) as Record<
      string,
      unknown
    >;
    expect(inner).toMatchObject({
      method: 'schedule_and_build_instances',
      namespace: 'compute_task',
      version: '1.17',
    });
    expect(inner._context_project_id).toBe('6f70656e737461636b20342065766572');
  });

  it('takes --seed and gives the same output for the same seed', () => {
    const a = run('public/scenarios/one-boot.json', '--seed', '9');
    const b = run('public/scenarios/one-boot.json', '--seed', '9');
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(run('public/scenarios/one-boot.json', '--seed', '10').stdout);
  });

  it('reports a bad scenario on stderr with a non-zero exit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbv-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'nova-boot-visualizer/scenario@1',
        name: 'x',
        cloud: { hosts: [] },
        requests: [],
        extra: 1,
      }),
    );
    const r = run(file);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown field "extra"');
    expect(r.stderr).toContain('cloud.hosts');
  });

  it('rejects unknown options and missing files', () => {
    expect(run('public/scenarios/one-boot.json', '--fast').stderr).toContain(
      'unknown option --fast',
    );
    expect(run('/no/such/file.json').stderr).toContain('cannot read');
  });

  it('takes a seed of digits only, and each option once', () => {
    for (const seed of ['', '0x10', '1e3', ' 7', '-1']) {
      const r = run('public/scenarios/one-boot.json', '--seed', seed);
      expect(r.status, seed).toBe(2);
      expect(r.stderr).toContain('--seed takes a whole number');
    }
    const twice = run('public/scenarios/one-boot.json', '--seed', '1', '--seed', '2');
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('--seed is given twice');
  });

  it('reads a scenario saved with a byte order mark', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbv-'));
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${readFileSync('public/scenarios/one-boot.json', 'utf8')}`);
    const r = run(file, '--format', 'summary');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).requests[0].status).toBe('ACTIVE');
  });

  it('says on stderr when it gave up on a build that could never end', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbv-'));
    // the build cast to the host is lost: the server stays BUILD while the client polls
    const lost = JSON.parse(readFileSync('public/scenarios/one-boot.json', 'utf8'));
    lost.faults = [{ kind: 'message-drop', method: 'build_and_run_instance', times: 1 }];
    writeFileSync(join(dir, 'lost.json'), JSON.stringify(lost));
    const r = run(join(dir, 'lost.json'), '--format', 'summary');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('with builds still going');
    expect(JSON.parse(r.stdout).requests[0]).toMatchObject({ status: 'BUILD', finished: false });
    // a finished run says nothing
    expect(run('public/scenarios/one-boot.json', '--format', 'summary').stderr).toBe('');
  });

  it('says the run stopped with messages in flight when every request already had its outcome', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbv-'));
    // RabbitMQ so slow that select_destinations times out: the server is buried in ERROR,
    // while the slow messages and the heartbeats' timeouts go on past the settle window
    const slow = JSON.parse(readFileSync('public/scenarios/one-boot.json', 'utf8'));
    slow.faults = [{ kind: 'slow', process: 'rabbitmq', factor: 10_000 }];
    slow.config = { max_attempts: 1 };
    writeFileSync(join(dir, 'slow.json'), JSON.stringify(slow));
    const r = run(join(dir, 'slow.json'), '--format', 'summary');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).requests[0]).toMatchObject({ status: 'ERROR', finished: true });
    expect(r.stderr).toContain('with messages still in flight (every request has its outcome)');
    expect(r.stderr).not.toContain('builds still going');
  });
});
