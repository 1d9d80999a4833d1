import { readFileSync, writeSync } from 'node:fs';
import { createEngine } from './engine/engine';
import { parseScenarioText, ScenarioError } from './engine/scenario';
import type { TraceEvent } from './engine/trace';
import { toJsonLine } from './engine/traceRecord';
import { summarize } from './engine/summary';

const USAGE = 'usage: npm run --silent sim -- SCENARIO.json [--seed N] [--format jsonl|summary]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** A millisecond's sleep while a full pipe drains. */
const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);

/**
 * Writes to stdout at once, waiting while a pipe is full. The engine runs in one go: through
 * process.stdout a million events queued in memory and a pipe's writev failed (ENOBUFS).
 * `sim … | head` closes the pipe early: that is the reader's choice, not an error.
 */
function out(text: string): void {
  const buf = Buffer.from(text);
  for (let done = 0; done < buf.length;) {
    try {
      done += writeSync(1, buf, done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') pause();
      else if (code === 'EPIPE') process.exit(0);
      else fail(`cannot write the output: ${(e as Error).message}`);
    }
  }
}

function main(argv: string[]): void {
  let file: string | undefined;
  let seed: number | undefined;
  let format = 'jsonl';
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if ((a === '--seed' || a === '--format') && given.has(a)) fail(`${a} is given twice\n${USAGE}`);
    given.add(a);
    if (a === '--seed') {
      // digits only: Number() would also take "", "0x10", "1e3" and " 7 "
      const raw = argv[++i] ?? '';
      const v = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
      if (!(v <= 0xffffffff)) fail(`--seed takes a whole number from 0 to 4294967295\n${USAGE}`);
      seed = v;
    } else if (a === '--format') {
      format = argv[++i] ?? '';
      if (format !== 'jsonl' && format !== 'summary')
        fail(`--format is jsonl or summary, not "${format}"\n${USAGE}`);
    } else if (a === '-h' || a === '--help') {
      out(`${USAGE}\n`);
      return;
    } else if (a.startsWith('-')) fail(`unknown option ${a}\n${USAGE}`);
    else if (file === undefined) file = a;
    else fail(`one scenario at a time (got ${file} and ${a})\n${USAGE}`);
  }
  if (!file) fail(USAGE);
  let text: string;
  try {
    // an editor's byte order mark is not part of the JSON
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    fail(`cannot read ${file}: ${(e as Error).message}`);
  }
  let scenario;
  try {
    scenario = parseScenarioText(text);
  } catch (e) {
    if (e instanceof ScenarioError) fail(`${file}: ${e.message}`);
    throw e;
  }
  const events: TraceEvent[] = [];
  const lines: string[] = [];
  const sink =
    format === 'jsonl'
      ? (ev: TraceEvent) => {
          lines.push(toJsonLine(ev));
          if (lines.length >= 2000) out(`${lines.splice(0).join('\n')}\n`);
        }
      : (ev: TraceEvent) => void events.push(ev);
  const engine = createEngine(scenario, { sink, ...(seed !== undefined ? { seed } : {}) });
  engine.run();
  // the trace is whole, but work was left: say why it ends where it does
  if (engine.gaveUp) {
    const left =
      engine.internals.client.outstanding > 0
        ? 'builds still going'
        : 'messages still in flight (every request has its outcome)';
    process.stderr.write(
      `note: the run stopped at ${(engine.now / 1000).toFixed(3)} s of virtual time with ${left}, long after its last request or fault: nothing left would end them\n`,
    );
  }
  if (format === 'jsonl') {
    if (lines.length) out(`${lines.join('\n')}\n`);
  } else out(`${JSON.stringify(summarize(events), null, 2)}\n`);
}

main(process.argv.slice(2));
