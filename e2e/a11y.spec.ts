import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, type AppPage } from './fixtures';

// The WCAG 2 A/AA rule sets: the page must have no serious or critical violation in them.
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function seriousViolations(page: Page) {
  // No rule is disabled: every WCAG 2 A/AA rule runs on the whole page.
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
}

/** one-boot loaded, stepped into the run, a process and an event shown in the inspector. */
async function populate(app: AppPage, page: Page) {
  await app.open();
  await expect(app.controls.scenarioPicker).toHaveValue('one-boot.json');
  await app.api.step(40);
  await page.evaluate(() => window.novaviz!.selectProcess('nova-scheduler'));
  await expect(page.getByTestId('inspector')).toBeVisible();
  // an event chosen in the recent events list, as a user would
  await page.getByTestId('events').locator('tr[data-seq]').first().click();
  // a panel's view comes when it is on screen
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  await expect(inspector.getByTestId('inspector-event')).toBeVisible();
}

test('no serious or critical WCAG 2 A/AA violations at the start (English)', async ({
  app,
  page,
}) => {
  await app.open();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // the list of every key open, as one who asks for it sees it
  await page.getByTestId('hint-keys').locator('summary').click();
  await expect(page.getByTestId('hint-keys').getByTestId('key-table')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  // and the list of keys as a dialog over the page
  await page.getByTestId('keys-button').click();
  await expect(page.getByTestId('keys-dialog')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('no serious or critical WCAG 2 A/AA violations with panels populated (English)', async ({
  app,
  page,
}) => {
  await populate(app, page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(await seriousViolations(page)).toEqual([]);
});

test('no serious or critical WCAG 2 A/AA violations with panels populated (Japanese)', async ({
  app,
  page,
}) => {
  await populate(app, page);
  // the language button is named by the word it shows
  await expect(app.controls.language).toHaveAccessibleName('日本語');
  await expect(app.controls.language).toHaveAccessibleDescription('Language: English');
  await app.controls.language.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(app.controls.language).toHaveAccessibleName('English');
  await expect.poll(async () => (await app.api.state()).language).toBe('ja');
  await expect(page.locator('.subtitle')).toContainText('メッセージ');
  expect(await seriousViolations(page)).toEqual([]);
});

test('no serious or critical WCAG 2 A/AA violations on a failed boot (no valid host, Japanese)', async ({
  app,
  page,
}) => {
  await app.open();
  await page.evaluate(() => window.novaviz!.loadFile('no-valid-host.json'));
  await app.controls.language.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await app.api.setSpeed('max');
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 30_000 }).toBe(true);
  await page.evaluate(() => window.novaviz!.selectProcess('nova-scheduler'));
  await page.getByTestId('inspector').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('scheduler-decision')).toBeVisible();
  await expect(page.getByTestId('instances-error-note')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('no serious or critical WCAG 2 A/AA violations presenting, with the inspector over the diagram', async ({
  app,
  page,
}) => {
  await app.open();
  await app.api.step(40);
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await page.getByTestId('node-nova-scheduler').click();
  await expect(
    page.getByTestId('presenting-inspector').getByTestId('process-detail'),
  ).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
