import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const rowOf = (page: Page, name: string) =>
  page.getByTestId('instances').locator('tr', { hasText: name });

test.beforeEach(async ({ app }) => {
  await app.open();
});

test('launching from the form adds a request that ends ACTIVE', async ({ app, page }) => {
  await app.api.step(30);
  const before = await app.api.state();
  await page.getByTestId('launch-name').fill('web-1');
  await expect(page.getByTestId('launch-flavor')).toHaveValue('1');
  await page.getByTestId('launch-submit').click();
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('injections')).toContainText('web-1');
  // the trace up to the cursor is untouched
  const after = await app.api.state();
  expect(after).toMatchObject({
    runId: before.runId,
    seq: before.seq,
    traceHash: before.traceHash,
  });
  expect(after.injections[0]).toMatchObject({
    kind: 'boot',
    request: { name: 'web-1', flavorRef: '1' },
  });

  await app.api.setSpeed('max');
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 30_000 }).toBe(true);
  await expect(rowOf(page, 'web-1')).toContainText('active');
  await expect(rowOf(page, 'vm1')).toContainText('active');
});

test('stopping nova-compute on the only host leaves a new server in BUILD', async ({
  app,
  page,
}) => {
  await app.api.setSpeed('max');
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 30_000 }).toBe(true);
  await expect(page.getByTestId('fault-host')).toHaveValue('compute');
  await page.getByTestId('fault-stop-compute').click();
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(1);
  await page.getByTestId('launch-name').fill('stuck-1');
  await page.getByTestId('launch-submit').click();
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(2);

  await app.api.play();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 30_000 }).toBe(true);
  await expect(rowOf(page, 'stuck-1')).toContainText('building');
  const trace = await app.api.exportTrace();
  expect(trace).toContain('"type":"service"');
  // the first server is still ACTIVE: the fault came after it
  await expect(rowOf(page, 'vm1')).toContainText('active');
});

test('a launch sent 70 s after a host is stopped: the scheduler turns the host away, the server goes elsewhere', async ({
  app,
  page,
}) => {
  await page.evaluate(() => window.novaviz!.loadFile('reschedule.json'));
  await expect.poll(async () => (await app.api.state()).name).toBe('reschedule once');
  await app.api.setSpeed('max');
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 30_000 }).toBe(true);
  await page.getByTestId('fault-host').selectOption('host1');
  await page.getByTestId('fault-stop-compute').click();
  await page.getByTestId('launch-name').fill('later');
  await page.getByTestId('launch-after').fill('70');
  await page.getByTestId('launch-submit').click();
  await expect(page.getByTestId('injections').locator('li').nth(1)).toContainText(
    'sent 70 s later',
  );
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 30_000 }).toBe(true);
  await expect(rowOf(page, 'later')).toContainText('active');
  await expect(rowOf(page, 'later')).not.toContainText('host1');
  const decision = (await app.api.exportTrace())
    .trimEnd()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          type: string;
          filters?: { name: string; rejected: { host: string }[] }[];
        },
    )
    .filter((e) => e.type === 'schedule')
    .at(-1)!;
  const compute = decision.filters!.find((f) => f.name === 'ComputeFilter')!;
  expect(compute.rejected.map((r) => r.host)).toEqual(['host1']);
  // a wait out of range is refused with a word
  await page.getByTestId('launch-after').fill('601');
  await page.getByTestId('launch-submit').click();
  await expect(page.getByTestId('launch-form')).toContainText(
    'After (s): give a whole number from 0 to 600.',
  );
});

test('the other fault buttons record their injection', async ({ app, page }) => {
  await app.api.step(10);
  await page.getByTestId('fault-spawn-fails').click();
  await page.getByTestId('fault-topic').selectOption('scheduler');
  await page.getByTestId('fault-drop-message').click();
  await page.getByTestId('fault-broker-seconds').fill('5');
  await page.getByTestId('fault-broker-down').click();
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(3);
  const s = await app.api.state();
  expect(s.injections.map((i) => (i.kind === 'fault' ? i.fault.kind : i.kind))).toEqual([
    'spawn-fails',
    'message-drop',
    'broker-down',
  ]);
  await app.page.getByTestId('language').click();
  await expect(page.getByTestId('fault-broker-down')).toHaveText('ブローカー停止');
});

test('a count or a duration out of range is refused with a word, not changed into another', async ({
  app,
  page,
}) => {
  await app.api.step(10);
  const count = page.getByTestId('launch-count');
  await count.fill('500');
  await page.getByTestId('launch-submit').click();
  await expect(page.getByTestId('launch-form').getByRole('alert')).toHaveText(
    'Count: give a whole number from 1 to 10.',
  );
  await expect(count).toHaveValue('500');
  await expect(count).toHaveAttribute('aria-invalid', 'true');
  // the value fixed, the error goes at once; a new wrong value waits for Launch to be said
  await count.fill('2');
  await expect(page.getByTestId('launch-form').getByRole('alert')).toHaveCount(0);
  await count.fill('500');
  await expect(page.getByTestId('launch-form').getByRole('alert')).toHaveCount(0);
  await page.getByTestId('fault-broker-seconds').fill('-3');
  await page.getByTestId('fault-broker-down').click();
  await expect(page.getByTestId('fault-panel').getByRole('alert')).toContainText('Seconds: give');
  expect((await app.api.state()).injections).toEqual([]);
  await count.fill('3');
  await page.getByTestId('launch-submit').click();
  await expect(page.getByTestId('launch-form').getByRole('alert')).toHaveCount(0);
  await expect.poll(async () => (await app.api.state()).injections.length).toBe(1);
  expect((await app.api.state()).injections[0]).toMatchObject({
    kind: 'boot',
    request: { min_count: 3, max_count: 3 },
  });
});

test('an action taken back: the run goes on as if it had not been done', async ({ app, page }) => {
  await app.api.step(30);
  const before = await app.api.state();
  await page.getByTestId('fault-spawn-fails').click();
  await page.getByTestId('launch-name').fill('web-1');
  await page.getByTestId('launch-submit').click();
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(2);
  await page.getByTestId('injections').locator('li').first().getByTestId('uninject').click();
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('injections')).toContainText('web-1');
  // the button went with its row: the focus is on the next row's, not lost on the page
  await expect(page.getByTestId('uninject')).toBeFocused();
  const s = await app.api.state();
  expect(s.injections.map((i) => i.kind)).toEqual(['boot']);
  expect(s.seq).toBe(before.seq);
  expect(s.traceHash).toBe(before.traceHash);
  await page.getByTestId('uninject').click();
  await expect(page.getByTestId('injections')).toHaveCount(0);
  expect((await app.api.state()).injections).toEqual([]);
  await expect(page.getByRole('heading', { name: 'Your actions in this run' })).toBeFocused();
});

test('a stopped nova-compute cannot be stopped again, nor a spawn failed there; the time said is the one listed', async ({
  app,
  page,
}) => {
  await page.getByTestId('fault-host').selectOption('compute');
  const at = await page.getByTestId('actions').locator('.help').first().textContent();
  await page.getByTestId('fault-stop-compute').click();
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(1);
  // the panel said when it would act, and the list says the same time
  const listed = await page.getByTestId('injections').locator('.at').textContent();
  expect(at).toContain(listed!);
  await page.getByTestId('fault-stop-compute').click();
  await expect(app.error).toContainText('nova-compute on compute is already stopped');
  await page.getByTestId('fault-spawn-fails').click();
  await expect(app.error).toContainText('no spawn will happen there to fail');
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(1);
  expect((await app.api.state()).injections).toHaveLength(1);
});

// For a human to look at: `SHOTS=1 npx playwright test actions -g screenshots`.
test('screenshots of the launch form and the fault panel', async ({ app, page }) => {
  test.skip(!process.env.SHOTS, 'set SHOTS=1 to write screenshots to /tmp');
  await app.api.step(40);
  await page.getByTestId('launch-name').fill('web-1');
  await page.getByTestId('launch-submit').click();
  await page.getByTestId('fault-stop-compute').click();
  await page.getByTestId('actions').screenshot({ path: '/tmp/shot-actions-en.png' });
  await page.getByTestId('language').click();
  await page.getByTestId('actions').screenshot({ path: '/tmp/shot-actions-ja.png' });
  await page.setViewportSize({ width: 900, height: 900 });
  await page.getByTestId('actions').screenshot({ path: '/tmp/shot-actions-narrow.png' });
});

test('the fault buttons stay put while the run plays: servers come, events go by', async ({
  app,
  page,
}) => {
  await app.api.load(
    await (await page.request.get('/scenarios/ten-boots-three-hosts.json')).text(),
  );
  // a screen tall enough for the panel and the instances table under it, both on screen
  await page.setViewportSize({ width: 1440, height: 1300 });
  const actions = page.getByTestId('actions');
  await actions.evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await expect(page.getByTestId('fault-stop-compute')).toBeInViewport();
  await expect(page.locator('.panel.instances')).toBeInViewport();
  await app.api.play();
  // sampled over the first boots, while the instances table and the events list fill
  const tops = await page.evaluate(async () => {
    const el = document.querySelector('[data-testid="actions"]')!;
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen.add(Math.round(el.getBoundingClientRect().top));
    }
    return {
      seen: [...seen],
      servers: document.querySelectorAll('[data-testid="instances"] tbody tr').length,
    };
  });
  await app.api.pause();
  expect(tops.servers, 'servers listed while sampling').toBeGreaterThan(1);
  // a pixel of rounding aside
  expect(Math.max(...tops.seen) - Math.min(...tops.seen)).toBeLessThanOrEqual(1);
});

test('back before actions taken, the panel says an action there drops them', async ({
  app,
  page,
}) => {
  await app.api.seek(40);
  await page.getByTestId('fault-spawn-fails').click();
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(1);
  await page.getByTestId('fault-drop-message').click();
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('actions-branch')).toHaveCount(0);
  await app.api.seek(20);
  await expect(page.getByTestId('actions-branch')).toHaveText(
    'An action here drops your 2 later actions (listed below): the run goes on from here without them.',
  );
  // and it does: the action taken there is the run's only one
  await page.getByTestId('fault-broker-down').click();
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('actions-branch')).toHaveCount(0);
});

test('from the keyboard, Launch keeps its focus, and a removed breakpoint hands its focus on', async ({
  app,
  page,
}) => {
  await page.getByTestId('launch-submit').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('launch-submit')).toBeFocused();

  await app.page.evaluate(() =>
    window.novaviz!.setBreakpoints([{ method: 'select_destinations' }, { kind: 'cast' }]),
  );
  const removes = page.getByTestId('bp-list').getByRole('button');
  await expect(removes).toHaveCount(2);
  await removes.first().focus();
  await page.keyboard.press('Enter');
  await expect(removes).toHaveCount(1);
  await expect(removes.first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('bp-list')).toHaveCount(0);
  await expect(page.getByTestId('breakpoints').locator('button[type="submit"]')).toBeFocused();
});
