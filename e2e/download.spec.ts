import { readFileSync } from 'node:fs';
import { createEngine } from '../app/engine/engine';
import { parseScenarioText } from '../app/engine/scenario';
import { toJsonLine } from '../app/engine/traceRecord';
import { expect, test } from './fixtures';

/** What `npm run --silent sim -- public/scenarios/FILE` prints. */
function headless(file: string): string {
  const text = readFileSync(new URL(`../public/scenarios/${file}`, import.meta.url), 'utf8');
  let out = '';
  createEngine(parseScenarioText(text), {
    sink: (ev) => void (out += `${toJsonLine(ev)}\n`),
  }).run();
  return out;
}

test('Download trace saves the whole run, byte for byte what the headless runner prints', async ({
  app,
  page,
}) => {
  await app.open();
  await app.controls.scenarioPicker.selectOption('reschedule.json');
  await expect.poll(async () => (await app.api.state()).name).toBe('reschedule once');
  await app.api.step(5);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-trace').click(),
  ]);
  expect(download.suggestedFilename()).toBe('reschedule-once-seed-42.jsonl');
  const saved = readFileSync(await download.path(), 'utf8');
  expect(saved).toBe(headless('reschedule.json'));
  // the cursor stays; the slider now knows the whole run
  const s = await app.api.state();
  expect(s.seq).toBe(5);
  await expect
    .poll(async () => (await app.api.state()).eventCount)
    .toBe(saved.split('\n').length - 1);
  await expect(page.getByTestId('download-trace')).toBeEnabled();
});
