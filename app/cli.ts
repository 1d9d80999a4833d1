import { readFileSync } from 'node:fs';
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

// `sim … | head` closes the pipe early: that is the reader's choice, not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

function main(argv: string[]): void {
  let file: string | undefined;
  let seed: number | undefined;
  let format = 'jsonl';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--seed') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff)
        fail(`--seed takes a whole number from 0 to 4294967295\n${USAGE}`);
      seed = v;
    } else if (a === '--format') {
      format = argv[++i] ?? '';
      if (format !== 'jsonl' && format !== 'summary')
        fail(`--format is jsonl or summary, not "${format}"\n${USAGE}`);
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (a.startsWith('-')) fail(`unknown option ${a}\n${USAGE}`);
    else if (file === undefined) file = a;
    else fail(`one scenario at a time (got ${file} and ${a})\n${USAGE}`);
  }
  if (!file) fail(USAGE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
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
  const out: string[] = [];
  const sink =
    format === 'jsonl'
      ? (ev: TraceEvent) => {
          out.push(toJsonLine(ev));
          if (out.length >= 2000) process.stdout.write(`${out.splice(0).join('\n')}\n`);
        }
      : (ev: TraceEvent) => void events.push(ev);
  const engine = createEngine(scenario, { sink, ...(seed !== undefined ? { seed } : {}) });
  engine.run();
  if (format === 'jsonl') {
    if (out.length) process.stdout.write(`${out.join('\n')}\n`);
  } else process.stdout.write(`${JSON.stringify(summarize(events), null, 2)}\n`);
}

main(process.argv.slice(2));
