import { expect, test } from './fixtures';

// Screenshots of the diagram for a human to look at: `SHOTS=1 npx playwright test diagram-screenshots`.
test.skip(!process.env.SHOTS, 'set SHOTS=1 to write screenshots to /tmp');

const DIR = process.env.SHOTS_DIR ?? '/tmp';

test('diagram screenshots', async ({ app, page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await app.open();
  const diagram = page.getByTestId('diagram');
  // one-boot, mid-run, tokens in flight: pause while a message is on its way
  await app.api.seek(60);
  await app.api.setSpeed(0.1);
  const tokens = page.getByTestId('token');
  for (let i = 0; i < 40; i++) {
    await app.api.play();
    await expect(tokens.first()).toBeAttached({ timeout: 20_000 });
    await page.waitForTimeout(40);
    await app.api.pause();
    await page.waitForTimeout(100);
    if ((await tokens.count()) > 0) break;
  }
  await diagram.screenshot({ path: `${DIR}/diagram-one-boot.png` });
  await page.screenshot({ path: `${DIR}/page-one-boot.png`, fullPage: false });

  await page.evaluate(() => window.novaviz!.loadFile('reschedule.json'));
  await expect.poll(async () => (await app.api.state()).name).toBe('reschedule once');
  const trace = (await app.api.exportTrace()).trim().split('\n');
  void trace;
  await app.api.seek(125);
  await app.api.setSpeed(1);
  await app.api.play();
  await page.waitForTimeout(300);
  await app.api.pause();
  await diagram.screenshot({ path: `${DIR}/diagram-reschedule.png` });

  await page.evaluate(() => window.novaviz!.loadFile('cloud-100-hosts-300-boots.json'));
  await expect(diagram.locator('[data-testid^="host-"]')).toHaveCount(100);
  await app.api.seek(30000);
  await app.api.setSpeed(5);
  await app.api.play();
  await page.waitForTimeout(500);
  await app.api.pause();
  await page.waitForTimeout(300);
  await diagram.screenshot({ path: `${DIR}/diagram-100-hosts.png` });

  await page.evaluate(() => window.novaviz!.loadFile('one-boot.json'));
  await page.evaluate(() => window.novaviz!.setLanguage('ja'));
  await app.api.seek(42);
  await page.waitForTimeout(300);
  await diagram.screenshot({ path: `${DIR}/diagram-ja.png` });
  await page.screenshot({ path: `${DIR}/page-ja.png`, fullPage: true });
});
