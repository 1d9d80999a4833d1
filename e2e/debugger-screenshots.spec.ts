import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** A panel's view comes when it is on screen: scroll to it, let the view arrive, then shoot. */
async function shot(page: Page, id: string, options: { path: string }) {
  const panel = page.getByTestId(id);
  await panel.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await panel.screenshot(options);
}

// Screenshots of the debugger for a human to look at: `SHOTS=1 npx playwright test debugger-screenshots`.
test.skip(!process.env.SHOTS, 'set SHOTS=1 to write screenshots to /tmp');

test('debugger screenshots', async ({ app, page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await app.open();
  await page.evaluate(() => window.novaviz!.loadFile('host-down.json'));
  await page.evaluate(() => window.novaviz!.setBreakpoints([{ method: 'select_destinations' }]));
  await app.api.setSpeed('max');
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).playing, { timeout: 30_000 }).toBe(false);
  await page.getByTestId('inspector').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('rpc-method')).toHaveText('select_destinations');
  await page.getByTestId('breakpoint-hit').screenshot({ path: '/tmp/shot-dbg-hit.png' });
  await shot(page, 'inspector', { path: '/tmp/shot-dbg-inspector-rpc.png' });
  await shot(page, 'timeline', { path: '/tmp/shot-dbg-timeline.png' });
  await page.screenshot({ path: '/tmp/shot-dbg-page.png', fullPage: true });

  await page.evaluate(() => window.novaviz!.setBreakpoints([]));
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 30_000 }).toBe(true);
  await page.evaluate(() => window.novaviz!.selectProcess('nova-scheduler'));
  await page.getByTestId('inspector').scrollIntoViewIfNeeded();
  // a table folds the reason (a card says it in place)
  const fold = page
    .getByTestId('sched-host-host1')
    .locator('td[data-filter="ComputeFilter"] summary');
  if (await fold.isVisible()) await fold.click();
  await shot(page, 'inspector', { path: '/tmp/shot-dbg-scheduler.png' });
  await page.evaluate(() => window.novaviz!.selectProcess('nova-compute@host3'));
  await shot(page, 'inspector', { path: '/tmp/shot-dbg-compute.png' });

  const seqOf = async (pick: string) => {
    const lines = (await app.api.exportTrace())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    return (lines.find((e) => e.type === 'db' && e.table === pick) as { seq: number }).seq;
  };
  await app.api.seek((await seqOf('instances')) + 1);
  await shot(page, 'db-view', { path: '/tmp/shot-dbg-db.png' });
  await shot(page, 'inspector', { path: '/tmp/shot-dbg-inspector-db.png' });
  const post = JSON.parse(
    (await app.api.exportTrace()).split('\n').find((l) => l.includes('"method":"POST"'))!,
  ) as { seq: number };
  await page.evaluate((s) => window.novaviz!.seek(s), post.seq + 12);
  await page.getByTestId('events').locator(`tr[data-seq="${post.seq}"]`).click();
  await shot(page, 'inspector', { path: '/tmp/shot-dbg-inspector-rest.png' });

  await page.evaluate(() => window.novaviz!.setLanguage('ja'));
  await page.evaluate(() => window.novaviz!.selectProcess('nova-scheduler'));
  await page.locator('.debugger').screenshot({ path: '/tmp/shot-dbg-ja.png' });
});
