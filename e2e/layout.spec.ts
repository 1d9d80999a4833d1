import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, loadFile, test, textLines, type AppPage } from './fixtures';

const WIDE = { width: 1920, height: 1080 };
/** one column: the inspector in the debugger, under the diagram */
const NARROW = { width: 1200, height: 800 };
/** laptops wide enough for the inspector beside the diagram: tall enough for the sentence to stick, or not */
const TALL_LAPTOP = { width: 1440, height: 900 };
const LAPTOP = { width: 1366, height: 768 };

/** The page at `size`, forty events into the default boot: the request's first steps played. */
async function openStepped(app: AppPage, page: Page, size: { width: number; height: number }) {
  await page.setViewportSize(size);
  await app.open();
  await app.api.step(40);
}

async function box(l: Locator) {
  const b = await l.boundingBox();
  expect(b, 'element on the page').not.toBeNull();
  return b!;
}

/** The top and bottom of the part of `l` that is inside the viewport, if any of it is. */
async function onScreen(page: Page, l: Locator) {
  const b = await box(l);
  const h = page.viewportSize()!.height;
  return b.y < h && b.y + b.height > 0;
}

test('on a wide screen the inspector sits beside the diagram and follows each step', async ({
  app,
  page,
}) => {
  await page.setViewportSize(WIDE);
  await app.open();
  const diagram = page.getByTestId('diagram');
  const inspector = page.getByTestId('inspector');
  await expect(page.locator('.workspace.wide')).toBeVisible();
  // one inspector on the page, to the right of the diagram and level with it
  await expect(inspector).toHaveCount(1);
  const d = await box(diagram);
  const i = await box(inspector);
  expect(i.x).toBeGreaterThanOrEqual(d.x + d.width);
  expect(i.y).toBeLessThan(d.y + d.height);
  expect(await onScreen(page, diagram)).toBe(true);
  expect(await onScreen(page, inspector)).toBe(true);

  await app.api.step(30);
  const seq = (await app.api.state()).seq;
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    String(seq - 1),
  );
  await expect(inspector.getByTestId('inspector-behind')).toHaveCount(0);
  // playing, it follows a moment late, and says so; paused, it is at the cursor again
  await app.api.play();
  await expect(inspector.getByTestId('inspector-behind')).toBeVisible();
  await app.api.pause();
  await expect(inspector.getByTestId('inspector-behind')).toHaveCount(0);
  const paused = (await app.api.state()).seq;
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    String(paused - 1),
  );
});

test('on a wide screen the controls and the inspector stay on screen while the page scrolls', async ({
  app,
  page,
}) => {
  await page.setViewportSize(WIDE);
  await app.open();
  await app.api.step(20);
  const dbView = page.getByTestId('db-view');
  await dbView.scrollIntoViewIfNeeded();
  expect(await onScreen(page, page.getByTestId('diagram'))).toBe(false);

  const controls = page.locator('.controls');
  const inspector = page.getByTestId('inspector');
  const c = await box(controls);
  expect(c.y).toBeGreaterThanOrEqual(0);
  expect(c.y).toBeLessThan(5);
  expect(await onScreen(page, inspector)).toBe(true);
  // the inspector starts below the controls, not under them
  expect((await box(inspector)).y).toBeGreaterThanOrEqual(c.y + c.height);

  // a step from the sticky controls shows the new event in the inspector beside the rows
  const before = (await app.api.state()).seq;
  await app.controls.stepForward.click();
  await expect.poll(async () => (await app.api.state()).seq).toBe(before + 1);
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    String(before),
  );
});

test('on a wide screen the sentence telling the step stays with the controls, and the diagram scrolled to fits under them', async ({
  app,
  page,
}) => {
  await openStepped(app, page, TALL_LAPTOP);
  const narration = page.getByTestId('narration');
  await page.getByTestId('diagram').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 400));
  const controls = await box(page.locator('.controls'));
  expect(controls.y).toBeLessThan(5);
  const told = await box(narration);
  // right under the controls, and whole
  expect(told.y).toBeGreaterThanOrEqual(controls.y + controls.height);
  expect(told.y).toBeLessThan(controls.y + controls.height + 40);
  // a step from the controls is told in the sentence still on screen (the mouse, where the
  // button is: Playwright's click would first scroll the sticky button to its place in the flow)
  const step = await box(app.controls.stepForward);
  await page.mouse.click(step.x + step.width / 2, step.y + step.height / 2);
  await expect(narration).toHaveAttribute('data-seq', '40');
  expect((await box(narration)).y).toBe(told.y);
  // the inspector starts below the sentence, not under it
  expect((await box(page.getByTestId('inspector'))).y).toBeGreaterThanOrEqual(told.y + told.height);

  // scrolled to, the whole diagram is on screen below the sentence
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('diagram').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  const diagram = await box(page.locator('.dg-wrapper'));
  const bar = await box(page.getByTestId('run-bar'));
  expect(diagram.y).toBeGreaterThanOrEqual(bar.y + bar.height - 1);
  expect(diagram.y + diagram.height).toBeLessThanOrEqual(TALL_LAPTOP.height);
});

for (const language of ['en', 'ja'] as const) {
  test(`at 1440 × 900 in ${language}, the page opens with the whole diagram on screen, its hosts in sight`, async ({
    app,
    page,
  }) => {
    await page.setViewportSize(TALL_LAPTOP);
    await app.open();
    await page.evaluate((l) => window.novaviz!.setLanguage(l), language);
    await loadFile(app, 'reschedule.json');
    await app.api.step(60);
    const diagram = await box(page.locator('.dg-wrapper'));
    expect(diagram.y + diagram.height).toBeLessThanOrEqual(TALL_LAPTOP.height);
    // not by shrinking it to nothing: the hosts' row is as legible as on a taller screen
    expect(diagram.height).toBeGreaterThanOrEqual(480);
    for (const host of ['host1', 'host2', 'host3']) {
      const b = await box(page.getByTestId(`host-${host}`));
      expect(b.y + b.height, host).toBeLessThanOrEqual(TALL_LAPTOP.height);
    }
  });
}

for (const size of [TALL_LAPTOP, LAPTOP]) {
  test(`at ${size.width} × ${size.height}, focus moving in the sticky controls leaves the page where it was`, async ({
    app,
    page,
  }) => {
    await openStepped(app, page, size);
    await page.getByTestId('db-view').scrollIntoViewIfNeeded();
    /** the page's scroll, once it is still: the panels fill in as they come on screen */
    const settled = async () => {
      let at = -1;
      await expect
        .poll(async () => {
          const was = at;
          await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
          at = await page.evaluate(() => window.scrollY);
          return at === was;
        })
        .toBe(true);
      return at;
    };
    expect(await settled()).toBeGreaterThan(500);
    // the mouse where the stuck button is (a Playwright click would scroll it into the flow)
    const step = await box(app.controls.stepForward);
    await page.mouse.click(step.x + step.width / 2, step.y + step.height / 2);
    await expect.poll(async () => (await app.api.state()).seq).toBe(41);
    const at = await settled();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(app.controls.play).toBeFocused();
    expect(await page.evaluate(() => window.scrollY)).toBe(at);
    // Play hands the focus to Pause, and Pause back to Play when the run stops; the panels
    // change as it plays (the timeline above grows), but the page is not thrown up by half a
    // screen, as focus took it before
    const play = await box(app.controls.play);
    await page.mouse.click(play.x + play.width / 2, play.y + play.height / 2);
    await expect(app.controls.pause).toBeFocused();
    await page.keyboard.press('Space');
    await expect(app.controls.play).toBeFocused();
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - at)).toBeLessThan(150);
  });
}

test('on a 768 px laptop only the controls stick, and the sentence box has no gap under it', async ({
  app,
  page,
}) => {
  await openStepped(app, page, LAPTOP);
  const narration = page.getByTestId('narration');
  const region = await box(page.locator('.narration-region'));
  // the box fills the height kept from the first screen
  expect(Math.abs((await box(narration)).height - region.height)).toBeLessThanOrEqual(1);
  await page.evaluate(() => window.scrollBy(0, 500));
  expect((await box(page.locator('.controls'))).y).toBeLessThan(5);
  expect(await onScreen(page, narration)).toBe(false);
});

test('narrower, the inspector is in the debugger column, and moves beside the diagram when the window widens', async ({
  app,
  page,
}) => {
  await page.setViewportSize(NARROW);
  await app.open();
  const debuggerSection = page.locator('section.debugger');
  await expect(debuggerSection.getByTestId('inspector')).toHaveCount(1);
  await expect(page.locator('.workspace.wide')).toHaveCount(0);
  const d = await box(page.getByTestId('diagram'));
  expect((await box(page.getByTestId('inspector'))).y).toBeGreaterThan(d.y + d.height);

  await page.setViewportSize(WIDE);
  await expect(page.locator('.workspace.wide')).toBeVisible();
  await expect(debuggerSection.getByTestId('inspector')).toHaveCount(0);
  // a 1366 laptop too has it beside the diagram, the status and the counts one a row
  await page.setViewportSize(LAPTOP);
  await expect(page.locator('.workspace.wide')).toBeVisible();
  const wideDiagram = await box(page.getByTestId('diagram'));
  expect((await box(page.getByTestId('inspector'))).x).toBeGreaterThanOrEqual(
    wideDiagram.x + wideDiagram.width,
  );
  // and a 1280 one: the inspector at the diagram's side, on the first screen
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.locator('.workspace.wide')).toBeVisible();
  const small = await box(page.getByTestId('diagram'));
  const beside = await box(page.getByTestId('inspector'));
  expect(beside.x).toBeGreaterThanOrEqual(small.x + small.width);
  expect(beside.y).toBeLessThan(800);
  expect(small.width).toBeGreaterThan(700);
  const status = await box(page.locator('section.panel.status'));
  const counts = await box(page.locator('section.panel.counts'));
  expect(counts.y).toBeGreaterThanOrEqual(status.y + status.height);
  // the moved inspector still gets its views from the worker
  await app.api.step(12);
  const seq = (await app.api.state()).seq;
  await expect(page.getByTestId('inspector').getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    String(seq - 1),
  );
});

test('narrower, a click on a latest event brings the inspector, showing that event, on screen', async ({
  app,
  page,
}) => {
  await page.setViewportSize(NARROW);
  await app.open();
  await app.api.step(20);
  const inspector = page.getByTestId('inspector');
  expect(await onScreen(page, inspector)).toBe(false);
  const row = page.getByTestId('events').locator('tbody tr').nth(3);
  const seq = Number(await row.locator('td').first().textContent());
  await row.click();
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute('data-seq', String(seq));
  await expect(inspector.getByTestId('inspector-event')).toBeInViewport();
});

test('what the forms hold survives the window crossing the wide layout, and presenting', async ({
  app,
  page,
}) => {
  await page.setViewportSize(NARROW);
  await app.open();
  const name = page.getByTestId('launch-name');
  await name.fill('my-server');
  await page.getByTestId('bp-method').fill('build_and_run_instance');
  await page.setViewportSize(WIDE);
  await expect(page.locator('.workspace.wide')).toBeVisible();
  await expect(name).toHaveValue('my-server');
  await page.setViewportSize(NARROW);
  await expect(page.locator('.workspace.wide')).toHaveCount(0);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await page.keyboard.press('Escape');
  await expect(name).toHaveValue('my-server');
  await expect(page.getByTestId('bp-method')).toHaveValue('build_and_run_instance');
});

test('the wide layout has no serious or critical WCAG 2 A/AA violations', async ({ app, page }) => {
  await page.setViewportSize(WIDE);
  await app.open();
  await app.api.step(70);
  await page.evaluate(() => window.novaviz!.selectProcess('nova-scheduler'));
  await expect(page.getByTestId('scheduler-decision')).toBeVisible();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(serious.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
});

test('from the keyboard, Tab goes from the breakpoints into the timeline, not past it', async ({
  app,
  page,
}) => {
  await page.setViewportSize(NARROW);
  await app.open();
  await app.api.step(30);
  const add = page.getByTestId('bp-add');
  // the button at the bottom of the window: the timeline is below it, off screen
  await add.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  expect(await onScreen(page, page.getByTestId('timeline'))).toBe(false);
  await expect(page.getByTestId('timeline-request')).toHaveCount(1);
  await add.focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('timeline-request')).toBeFocused();
});

test('in Japanese, a panel’s paragraph breaks between phrases, not inside a word', async ({
  app,
  page,
}) => {
  await page.setViewportSize(TALL_LAPTOP);
  await app.open();
  await app.controls.language.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  const hint = page.getByTestId('breakpoints').locator('.panel-hint');
  await hint.scrollIntoViewIfNeeded();
  const lines = await textLines(hint);
  expect(lines.length, lines.join(' | ')).toBeGreaterThan(1);
  // at 1440 px these words reach the end of a line: cut by character, they were メッ / セージ
  // and ワイル / ドカード
  for (const word of ['メッセージ', 'ワイルドカード'])
    expect(lines.join(' | '), word).toContain(word);
});

test('on a 1280 px laptop the scenario bar is one row in both languages, and on a phone the picker fits', async ({
  app,
  page,
}) => {
  const bar = page.locator('.scenario-bar');
  const row = async () => {
    const picker = await box(app.controls.scenarioPicker);
    const copy = await box(page.getByTestId('share-link'));
    return Math.abs(picker.y + picker.height / 2 - (copy.y + copy.height / 2));
  };
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.open();
  await expect.poll(row).toBeLessThan(8);
  await page.evaluate(() => window.novaviz!.setLanguage('ja'));
  await expect.poll(row).toBeLessThan(8);
  await page.setViewportSize({ width: 400, height: 800 });
  const inside = async () => {
    const b = await box(bar);
    const p = await box(app.controls.scenarioPicker);
    return p.x + p.width <= b.x + b.width;
  };
  await expect.poll(inside).toBe(true);
});

/**
 * The 200-host run plays at 2× with the page at its top, until `events` events went by: the
 * event list, far below the diagram, has waited. Gives the list and its newest row's seq.
 */
async function playBelowTheFold(app: AppPage, page: Page, events: number) {
  await page.setViewportSize(NARROW);
  await app.open();
  await page.evaluate(() => window.novaviz!.loadFile('cloud-200-hosts-500-boots.json'));
  await app.api.step(30);
  await page.evaluate(() => window.scrollTo(0, 0));
  const list = page.getByTestId('events');
  const newest = async () =>
    Number(await list.locator('tbody tr').first().getAttribute('data-seq'));
  const before = await newest();
  await app.api.setSpeed(2);
  await app.api.play();
  await expect
    .poll(async () => (await app.api.state()).seq, { timeout: 20_000 })
    .toBeGreaterThan(events);
  expect(await newest()).toBe(before);
  return { list, newest };
}

test('while a run plays, a panel below the fold waits, and catches up once it is on screen', async ({
  app,
  page,
}) => {
  // thousands of events go by while the list is off screen (a run of 20 s at 2×): it waits
  const { list, newest } = await playBelowTheFold(app, page, 2_000);
  // on screen, it shows the run as it is now, still playing
  await list.scrollIntoViewIfNeeded();
  await expect.poll(newest, { timeout: 10_000 }).toBeGreaterThan(2_000);
  expect((await app.api.state()).playing).toBe(true);
});

test('when play stops, a panel that waited below the fold catches up without being scrolled to', async ({
  app,
  page,
}) => {
  const { list, newest } = await playBelowTheFold(app, page, 1_000);
  await app.api.pause();
  const { seq } = await app.api.state();
  // still below the fold, it shows where the run stopped (the cursor: events 0 … seq-1 happened)
  expect(await onScreen(page, list)).toBe(false);
  await expect.poll(newest, { timeout: 10_000 }).toBe(seq - 1);
  expect(await onScreen(page, list)).toBe(false);
});

test('the line under the diagram brings each panel on screen below the controls, and leaves the share link alone', async ({
  app,
  page,
}) => {
  await openStepped(app, page, TALL_LAPTOP);
  const hash = await page.evaluate(() => location.hash);
  const links = page.getByTestId('panel-links');
  // beside the diagram, the inspector's link takes the keyboard there and leaves the page
  const inspectorLink = links.getByRole('button', { name: 'Inspector' });
  await inspectorLink.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  await inspectorLink.click();
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 2 })).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  for (const [name, testid] of [
    ['Timeline', 'timeline'],
    ['Databases', 'db-view'],
    ['Act on the running cloud', 'actions'],
  ] as const) {
    await links.getByRole('button', { name }).click();
    const panel = await box(page.getByTestId(testid));
    const bar = await box(page.getByTestId('run-bar'));
    // below the bar, at its foot unless the page ends first
    expect(panel.y).toBeGreaterThanOrEqual(bar.y + bar.height - 1);
    expect(panel.y).toBeLessThan(TALL_LAPTOP.height - 200);
    await expect(page.getByTestId(testid).getByRole('heading', { level: 2 })).toBeFocused();
    // back to the links for the next one
    await links.scrollIntoViewIfNeeded();
  }
  expect(await page.evaluate(() => location.hash)).toBe(hash);

  // the links are in the panels' order down the page, the inspector's first beside the diagram
  const headingsInPageOrder = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="panel-links"] button')]
        .map((b) => b.textContent!)
        .map((name) => {
          const heading = [...document.querySelectorAll('h2')].find((h) => h.textContent === name)!;
          return heading.getBoundingClientRect().top + window.scrollY;
        }),
    );
  const ascending = (ys: number[]) => ys.every((y, i) => i === 0 || y > ys[i - 1]!);
  expect(ascending(await headingsInPageOrder())).toBe(true);

  // narrower, the inspector is in the debugger column: it has a link
  await page.setViewportSize(NARROW);
  await expect.poll(async () => ascending(await headingsInPageOrder())).toBe(true);
  await links.getByRole('button', { name: 'Inspector' }).click();
  const inspector = await box(page.getByTestId('inspector'));
  expect(inspector.y).toBeGreaterThanOrEqual(0);
  expect(inspector.y).toBeLessThan(NARROW.height / 2);
});
