import { test } from './fixtures';

// Screenshots for a human to look at: `SHOTS=1 npx playwright test screenshots`.
test.skip(!process.env.SHOTS, 'set SHOTS=1 to write screenshots to /tmp');

test('first page screenshots', async ({ app, page }) => {
  await app.open();
  await page.screenshot({ path: '/tmp/shot-first-page.png', fullPage: true });
  await app.api.step(90);
  await page.screenshot({ path: '/tmp/shot-first-page-stepped.png', fullPage: true });
  await app.controls.language.click();
  await app.api.load({
    format: 'nova-boot-visualizer/scenario@1',
    name: 'x',
    cloud: { hosts: [] },
    requests: [],
    extra: 1,
  });
  await page.screenshot({ path: '/tmp/shot-first-page-ja-error.png', fullPage: true });
});
