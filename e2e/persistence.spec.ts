import { expect, test } from './fixtures';

test('a reload brings back the same run, cursor and trace hash', async ({ app, page }) => {
  await app.open();
  await app.api.step(25);
  await page.getByTestId('launch-name').fill('saved-1');
  await page.getByTestId('launch-submit').click();
  await app.api.step(60);
  const before = await app.api.state();
  await page.evaluate(() => window.novaviz!.persisted());

  await page.reload();
  await page.waitForFunction(() => window.novaviz !== undefined);
  await page.evaluate(() => window.novaviz!.ready());
  const after = await app.api.state();
  expect(after).toMatchObject({
    runId: before.runId,
    name: before.name,
    seq: before.seq,
    traceHash: before.traceHash,
  });
  expect(after.injections).toEqual(before.injections);
  await expect(page.getByTestId('restored')).toBeVisible();
  await expect(page.getByTestId('status-seq')).toContainText(`${before.seq} of`);
  // and it goes on exactly as before
  await app.api.step(40);
  const next = await app.api.state();
  expect(next.seq).toBe(before.seq + 40);
});

test('a share link names its own run instead of the saved one', async ({ app, page }) => {
  await app.open();
  await app.api.step(12);
  await page.getByTestId('fault-spawn-fails').click();
  await app.api.step(5);
  const a = await app.api.state();
  const url = await page.evaluate(() => window.novaviz!.shareUrl());
  expect(url).toContain('inj=');
  await page.evaluate(() => window.novaviz!.persisted());
  await page.goto('/');
  await page.evaluate(() => window.novaviz!.ready());
  await page.goto(url);
  await page.reload();
  await page.evaluate(() => window.novaviz!.ready());
  const b = await app.api.state();
  expect(b).toMatchObject({ seq: a.seq, traceHash: a.traceHash });
  expect(b.injections).toEqual(a.injections);
});
