import type { Page } from '@playwright/test';
import { expect, firstSeq, loadFile, test, textLines, type AppPage } from './fixtures';

test.beforeEach(async ({ app }) => {
  await app.open();
});

test('opens with one-boot loaded and a hint of what to press', async ({ app, page }) => {
  await expect(page).toHaveTitle('Nova Boot Visualizer');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nova Boot Visualizer');
  await expect(page.getByTestId('hint')).toBeVisible();
  await expect(page.getByTestId('hint')).toContainText(
    'Press T for a tour of the boot request’s big steps',
  );
  // every key, on demand
  const keys = page.getByTestId('hint-keys');
  await expect(keys).not.toContainText('Switch the language', { useInnerText: true });
  await keys.locator('summary').click();
  // a row for each command: its key caps, then what it does
  const rows = page.getByTestId('hint-keys').getByTestId('key-table').locator('> div');
  await expect(rows).toHaveCount(17);
  await expect(rows.filter({ hasText: 'Switch the language' }).locator('kbd')).toHaveText('L');
  await expect(rows.filter({ hasText: 'Ten events' }).locator('kbd')).toHaveText([
    'Shift',
    '→',
    'Shift',
    '←',
  ]);
  await expect(app.controls.scenarioPicker).toHaveValue('one-boot.json');
  const before = await app.api.state();
  expect(before).toMatchObject({ seq: 0, playing: false, language: 'en' });
  await app.api.step(1);
  const after = await app.api.state();
  expect(after.eventCount).toBeGreaterThan(0);
  expect(after.runId).toBe(before.runId);
});

test('? opens every key at any time, over the run, which waits; Esc closes it and only it', async ({
  app,
  page,
}) => {
  await app.api.step(30);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  const dialog = page.getByTestId('keys-dialog');
  await expect(dialog).toBeHidden();
  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('key-table').locator('> div')).toHaveCount(17);
  await expect(dialog).toContainText('This list of keys');
  // the run's keys wait while the list is open
  await page.keyboard.press('ArrowRight');
  expect((await app.api.state()).seq).toBe(30);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('app')).not.toHaveClass(/presenting/);
  // the header's button opens it too, and its Close button closes it
  await page.getByTestId('keys-button').click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('on a 1280 × 720 projector in Japanese, the list of keys fits, its key caps in their column and its words whole', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.controls.language.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('f');
  await page.keyboard.press('?');
  const dialog = page.getByTestId('keys-dialog');
  await expect(dialog).toBeVisible();
  const box = (await dialog.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(720);
  const rows = [];
  for (const div of await dialog.getByTestId('key-table').locator('> div').all()) {
    const caps = await div
      .locator('kbd')
      .evaluateAll((ks) => Math.max(...ks.map((k) => k.getBoundingClientRect().right)));
    const dd = div.locator('dd');
    rows.push({ caps, dd: (await dd.boundingBox())!.x, lines: await textLines(dd) });
  }
  expect(rows).toHaveLength(17);
  for (const row of rows) expect(row.caps, row.lines.join(' | ')).toBeLessThanOrEqual(row.dd);
  // broken between phrases: 一時停止 and 説明文 are not cut
  const said = rows.flatMap((r) => r.lines).join(' | ');
  expect(said).toContain('一時停止する');
  expect(said).toContain('説明文');
});

test('Tour shows the big steps one after another, and any other command stops it', async ({
  app,
  page,
}) => {
  const tour = page.getByTestId('tour');
  await expect(tour).toHaveAttribute('aria-pressed', 'false');
  await tour.click();
  await expect(tour).toHaveAttribute('aria-pressed', 'true');
  await expect(tour).toHaveAttribute('title', 'Stop the tour (T)');
  const told = async () => Number(await page.getByTestId('narration').getAttribute('data-seq'));
  // a big step at once, the next a few seconds later, each a milestone of the story
  await expect.poll(told, { timeout: 10_000 }).toBeGreaterThan(0);
  const first = await told();
  await expect(page.getByTestId('narration')).toHaveClass(/milestone/);
  await expect.poll(told, { timeout: 15_000 }).toBeGreaterThan(first);
  await expect(page.getByTestId('narration')).toHaveClass(/milestone/);
  // a step of the user's own ends the tour: the cursor stays where the step left it
  await app.api.step(1);
  await expect(tour).toHaveAttribute('aria-pressed', 'false');
  const { seq } = await app.api.state();
  await page.waitForTimeout(5_000);
  expect((await app.api.state()).seq).toBe(seq);
  // T starts it again
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('t');
  await expect(tour).toHaveAttribute('aria-pressed', 'true');
  await expect
    .poll(async () => (await app.api.state()).seq, { timeout: 10_000 })
    .toBeGreaterThan(seq);
});

test('step(1) moves the cursor by exactly one event', async ({ app, page }) => {
  await app.api.step(5);
  const a = await app.api.state();
  await app.api.step(1);
  const b = await app.api.state();
  expect(b.seq).toBe(a.seq + 1);
  expect(b.traceHash).not.toBe(a.traceHash);
  await app.controls.stepForward.click();
  await expect.poll(async () => (await app.api.state()).seq).toBe(b.seq + 1);
  await expect(page.getByTestId('status-seq')).toContainText(`${b.seq + 1} of`);
});

test('stepping back returns the identical trace hash', async ({ app }) => {
  await app.api.step(40);
  const a = await app.api.state();
  await app.api.step(25);
  await app.api.stepBack(25);
  const b = await app.api.state();
  expect(b.seq).toBe(a.seq);
  expect(b.traceHash).toBe(a.traceHash);
  // and a seek far away and back lands on the same hash too
  await app.api.seek(0);
  await app.api.seek(a.seq);
  expect((await app.api.state()).traceHash).toBe(a.traceHash);
});

test('the same run gives the same hash after a reload', async ({ app }) => {
  await app.api.step(60);
  const a = await app.api.state();
  await app.open();
  await app.api.seek(60);
  expect((await app.api.state()).traceHash).toBe(a.traceHash);
});

test('play then pause advances the cursor', async ({ app, page }) => {
  await app.controls.play.click();
  await expect.poll(async () => (await app.api.state()).seq).toBeGreaterThan(0);
  await expect(app.controls.pause).toBeEnabled();
  await app.controls.pause.click();
  await expect.poll(async () => (await app.api.state()).playing).toBe(false);
  const paused = await app.api.state();
  expect(paused.seq).toBeGreaterThan(0);
  await page.waitForTimeout(200);
  expect((await app.api.state()).seq).toBe(paused.seq);
});

test('playing to the end shows the instance ACTIVE on its host', async ({ app }) => {
  await app.api.setSpeed('max');
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 10_000 }).toBe(true);
  const row = app.instances.locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('vm1');
  await expect(row).toContainText('active');
  await expect(row).toContainText('compute');
  const jsonl = await app.api.exportTrace();
  const lines = jsonl.trimEnd().split('\n');
  expect(lines.length).toBe((await app.api.state()).eventCount);
  expect(JSON.parse(lines[0]!)).toMatchObject({ seq: 0, t: 0 });
});

test('keyboard: → steps, ← steps back, Space plays and pauses, I goes to the inspector', async ({
  app,
  page,
}) => {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await app.api.state()).seq).toBe(1);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await app.api.state()).seq).toBe(0);
  await page.keyboard.press('Space');
  await expect.poll(async () => (await app.api.state()).playing).toBe(true);
  await page.keyboard.press('Space');
  await expect.poll(async () => (await app.api.state()).playing).toBe(false);
  // I: to the inspector, last in the Tab order; the arrows go on stepping, Tab is its picker
  await page.keyboard.press('i');
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByRole('heading', { level: 2 })).toBeFocused();
  const at = (await app.api.state()).seq;
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await app.api.state()).seq).toBe(at + 1);
  await expect(page.getByTestId('inspector-target')).toHaveValue('current');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('inspector-target')).toBeFocused();
});

test('Space after a click on a big-step button plays; tabbed to, the button takes its Space', async ({
  app,
  page,
}) => {
  await page.getByTestId('hint').getByTestId('big-step').click();
  const narration = page.getByTestId('narration');
  await expect(narration).toBeVisible();
  const told = Number(await narration.getAttribute('data-seq'));
  const next = narration.getByTestId('big-step');
  await next.click();
  await expect
    .poll(async () => Number(await narration.getAttribute('data-seq')))
    .toBeGreaterThan(told);
  const at = (await app.api.state()).seq;
  // the mouse's button keeps the focus, and Space is still play and pause
  await expect(next).toBeFocused();
  await page.keyboard.press('Space');
  await expect.poll(async () => (await app.api.state()).playing).toBe(true);
  await page.keyboard.press('Space');
  await expect.poll(async () => (await app.api.state()).playing).toBe(false);
  const played = (await app.api.state()).seq;
  expect(played).toBeGreaterThanOrEqual(at);
  // from the keyboard, Space presses the button it reached: one big step, no play
  await app.api.seek(at);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(next).toBeFocused();
  await page.keyboard.press('Space');
  await expect.poll(async () => (await app.api.state()).seq).toBeGreaterThan(at);
  expect((await app.api.state()).playing).toBe(false);
});

test('keyboard: Play hands its focus to Pause and back, and when play stops by itself', async ({
  app,
  page,
}) => {
  await app.controls.play.focus();
  await page.keyboard.press('Enter');
  await expect(app.controls.pause).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await app.api.state()).playing).toBe(false);
  await expect(app.controls.play).toBeFocused();
  // the run ends while Pause has the focus: Play takes it
  await app.api.setSpeed('max');
  await page.keyboard.press('Enter');
  await expect(app.controls.pause).toBeFocused();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 30_000 }).toBe(true);
  await expect(app.controls.play).toBeFocused();
});

test('keyboard: Shift+arrows move ten events, Home and End go to the ends, + and − change the speed, R resets', async ({
  app,
  page,
}) => {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(async () => (await app.api.state()).seq).toBe(10);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(async () => (await app.api.state()).seq).toBe(0);
  await page.keyboard.press('End');
  await expect.poll(async () => (await app.api.state()).seq).toBeGreaterThan(100);
  const end = await app.api.state();
  expect(end.seq).toBe(end.eventCount);
  await page.keyboard.press('Home');
  await expect.poll(async () => (await app.api.state()).seq).toBe(0);

  await expect(app.controls.speed).toHaveValue('1');
  await page.keyboard.press('+');
  await expect(app.controls.speed).toHaveValue('2');
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(app.controls.speed).toHaveValue('0.5');
  await expect.poll(async () => (await app.api.state()).speed).toBe(0.5);

  // R pauses and goes back to the start
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).seq).toBeGreaterThan(0);
  await page.keyboard.press('r');
  await expect.poll(async () => (await app.api.state()).playing).toBe(false);
  await expect.poll(async () => (await app.api.state()).seq).toBe(0);
});

test('presenting asks for the whole screen, as a slide show does; Esc stops the tour and comes back', async ({
  app,
  page,
}) => {
  const fullscreen = () => page.evaluate(() => document.fullscreenElement !== null);
  const tour = page.getByTestId('tour');
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await expect.poll(fullscreen).toBe(true);
  await page.keyboard.press('t');
  await expect(tour).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('app')).not.toHaveClass(/presenting/);
  await expect.poll(fullscreen).toBe(false);
  await expect(tour).toHaveAttribute('aria-pressed', 'false');
  const at = (await app.api.state()).seq;
  await page.waitForTimeout(1500);
  expect((await app.api.state()).seq).toBe(at);

  // leaving the full screen the browser's way (its own Esc, F11) leaves presenting too
  await page.getByTestId('present').click();
  await expect.poll(fullscreen).toBe(true);
  await page.evaluate(() => document.exitFullscreen());
  await expect(page.getByTestId('app')).not.toHaveClass(/presenting/);
});

test('keys pressed on a focused control are its own: Space presses a button, arrows scroll a table', async ({
  app,
  page,
}) => {
  await page.getByTestId('present').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  expect((await app.api.state()).playing).toBe(false);
  await page.keyboard.press('Escape');

  await app.api.step(70);
  await page.evaluate(() => window.novaviz!.selectProcess('nova-scheduler'));
  // a panel's view comes when it is on screen
  await page.getByTestId('inspector').scrollIntoViewIfNeeded();
  const table = page.getByTestId('scheduler-decision').getByRole('region');
  await table.scrollIntoViewIfNeeded();
  await table.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('End');
  await page.waitForTimeout(200);
  expect((await app.api.state()).seq).toBe(70);
});

test('clicked with the mouse, Present and the seek slider leave Space and the other keys to the page', async ({
  app,
  page,
}) => {
  await page.getByTestId('present').click();
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await page.keyboard.press('Space');
  await expect.poll(async () => (await app.api.state()).playing).toBe(true);
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await page.keyboard.press('Space');
  await expect.poll(async () => (await app.api.state()).playing).toBe(false);
  await page.keyboard.press('Escape');

  await app.api.seek(20);
  const seek = page.getByTestId('seek');
  await seek.focus();
  // a plain arrow is the slider's own: one event
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await app.api.state()).seq).toBe(21);
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(async () => (await app.api.state()).seq).toBe(31);
  await page.keyboard.press('Space');
  await expect.poll(async () => (await app.api.state()).playing).toBe(true);
  await page.keyboard.press('Space');
  await expect.poll(async () => (await app.api.state()).playing).toBe(false);
});

test('F presents the diagram: controls, narration and diagram fill the screen; Esc comes back', async ({
  app,
  page,
}) => {
  await app.api.step(40);
  // the diagram's zoom: it is fitted to its box
  const zoom = () =>
    page.evaluate(
      () =>
        new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform)
          .a,
    );
  const before = await zoom();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await expect(page.getByTestId('present')).toHaveText('Exit (Esc)');
  await expect(page.getByTestId('present')).toHaveAttribute('title', 'Exit presenting (Esc)');
  // the panels and the header are gone; what stays is what a class needs
  await expect(page.getByTestId('inspector')).toBeHidden();
  await expect(page.getByTestId('scenario-picker')).toBeHidden();
  await expect(page.getByTestId('instances')).toBeHidden();
  await expect(page.getByTestId('narration')).toBeVisible();
  await expect(app.controls.stepForward).toBeVisible();
  const viewport = page.viewportSize()!;
  const shown = (await page.getByTestId('diagram').boundingBox())!;
  expect(shown.y + shown.height).toBeLessThanOrEqual(viewport.height);
  // drawn larger than on the page (the legend goes beside it on a wide screen)
  await expect.poll(zoom).toBeGreaterThan(before);
  // the diagram takes the height left on the screen, its legend too: nothing to scroll to
  expect(
    await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight),
  ).toBeLessThanOrEqual(0);
  // the keys still drive the run while presenting
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await app.api.state()).seq).toBe(41);
  await expect(page.getByTestId('narration')).toHaveAttribute('data-seq', '40');
  // L switches the language, the header's button being off screen
  await page.keyboard.press('l');
  await expect(page.getByTestId('narration')).toContainText('イベント 40');
  expect((await app.api.state()).language).toBe('ja');
  await page.keyboard.press('l');
  await expect(page.getByTestId('narration')).toContainText('Event 40');

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('app')).not.toHaveClass(/presenting/);
  await expect(page.getByTestId('inspector')).toBeVisible();
  // the panels are back, and the worker fills them again once they are on screen
  await page.getByTestId('inspector').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('inspector-event')).toHaveAttribute('data-seq', '40');
  await expect(app.controls.scenarioPicker).toBeVisible();
  // and the button does the same as the key
  await page.getByTestId('present').click();
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await page.getByTestId('present').click();
  await expect(page.getByTestId('app')).not.toHaveClass(/presenting/);
});

test('presenting on a 16:9 projector, the controls and the narration are a column beside a full-height diagram; on 4:3, above it', async ({
  app,
  page,
}) => {
  await app.api.step(40);
  const boxes = async () => ({
    diagram: (await page.getByTestId('diagram').boundingBox())!,
    narration: (await page.getByTestId('narration').boundingBox())!,
    controls: (await page.getByTestId('step-forward').boundingBox())!,
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await expect
    .poll(async () => {
      const b = await boxes();
      return b.narration.x >= b.diagram.x + b.diagram.width && b.controls.x >= b.narration.x;
    })
    .toBe(true);
  const wide = await boxes();
  // the diagram has most of the screen's height, and nothing is off screen
  expect(wide.diagram.height).toBeGreaterThan(720 * 0.75);
  expect(wide.narration.y + wide.narration.height).toBeLessThanOrEqual(720);
  // the whole cloud, not the close-up presenting turns on there (which hides the 4:3 legend)
  await expect(page.getByTestId('close-up')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('c');
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect
    .poll(async () => {
      const b = await boxes();
      return b.narration.y + b.narration.height <= b.diagram.y;
    })
    .toBe(true);
  // on 4:3 the diagram is fitted to its height: the legend takes the room at its side
  const legend = page.getByTestId('diagram-legend');
  await expect
    .poll(async () => {
      const [d, l] = [(await boxes()).diagram, (await legend.boundingBox())!];
      return l.x >= d.x + d.width && l.y < d.y + d.height;
    })
    .toBe(true);
});

test('presenting on a 1920 × 1080 projector, the legend goes to the foot of the side column and the diagram has the height', async ({
  app,
  page,
}) => {
  await app.api.step(40);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  // one legend, in the column under the narration
  const legend = page.getByTestId('diagram-legend');
  await expect(legend).toHaveCount(1);
  await expect(page.getByTestId('workspace').getByTestId('diagram-legend')).toHaveCount(0);
  const diagram = page.getByTestId('diagram');
  await expect
    .poll(async () => {
      const [d, l, n] = [
        (await diagram.boundingBox())!,
        (await legend.boundingBox())!,
        (await page.getByTestId('narration').boundingBox())!,
      ];
      return l.x >= d.x + d.width && l.y >= n.y + n.height && l.y + l.height <= 1080;
    })
    .toBe(true);
  expect((await diagram.boundingBox())!.height).toBeGreaterThan(1080 * 0.85);
  await expect(legend).toContainText('notification');
  // back on the page, the legend is under the diagram again
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('workspace').getByTestId('diagram-legend')).toHaveCount(1);
});

test('presenting on a 1440 × 900 laptop, the legend stays under the diagram, the sentence and its big steps have their room, and the whole cloud is fitted', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  // in the side column, the legend had squeezed the sentence to two lines and covered the
  // big steps
  await expect(page.getByTestId('workspace').getByTestId('diagram-legend')).toHaveCount(1);
  // before the first event: the whole cloud, in the middle of the larger pane (the page's
  // framing was kept, the cloud small in its top left corner)
  // the camera moves there over a few hundred ms (longer on a loaded machine): polled
  const framed = async () => {
    const pane = (await page.locator('.react-flow').boundingBox())!;
    const cloud = await page.locator('.react-flow__node').evaluateAll((els) => {
      const rs = els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0);
      return {
        x0: Math.min(...rs.map((r) => r.left)),
        x1: Math.max(...rs.map((r) => r.right)),
        y0: Math.min(...rs.map((r) => r.top)),
        y1: Math.max(...rs.map((r) => r.bottom)),
      };
    });
    const dx = Math.abs((cloud.x0 + cloud.x1) / 2 - (pane.x + 48 + (pane.width - 48) / 2));
    const dy = Math.abs((cloud.y0 + cloud.y1) / 2 - (pane.y + pane.height / 2));
    const size = Math.max((cloud.x1 - cloud.x0) / pane.width, (cloud.y1 - cloud.y0) / pane.height);
    return dx < pane.width * 0.05 && dy < pane.height * 0.05 && size > 0.7;
  };
  await expect.poll(framed, { timeout: 10_000 }).toBe(true);
  // the last sentence of a failed boot, its longest: whole, and the big steps under it
  await page.evaluate(() => window.novaviz!.loadFile('retries-exhausted.json'));
  await expect.poll(async () => (await app.api.state()).name).toBe('retries exhausted');
  await app.api.seek(1e9);
  const text = page.getByTestId('narration').locator('.narration-text');
  await expect(text).toContainText('Exceeded maximum number of retries');
  await expect
    .poll(() => text.evaluate((e) => e.scrollHeight - e.clientHeight))
    .toBeLessThanOrEqual(1);
  for (const id of ['big-step', 'tour']) {
    const button = page.getByTestId(id);
    const b = (await button.boundingBox())!;
    expect(b.y + b.height).toBeLessThanOrEqual(900);
    // nothing over it: its middle is its own
    expect(
      await button.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
      }),
    ).toBe(true);
  }
});

/** Presses N until the run's end (60 at most), checking each big step; gives how many. */
async function eachBigStep(app: AppPage, page: Page, check: () => Promise<void>) {
  let steps = 0;
  while (!(await app.api.state()).done && steps < 60) {
    const before = (await app.api.state()).seq;
    await page.keyboard.press('n');
    await expect.poll(async () => (await app.api.state()).seq).not.toBe(before);
    steps++;
    await check();
  }
  return steps;
}

/** Presents the end of the retries-exhausted boot on a projector `width` × 768. */
async function presentFailedEnd(app: AppPage, page: Page, width: number) {
  await page.setViewportSize({ width, height: 768 });
  await page.evaluate(() => window.novaviz!.loadFile('retries-exhausted.json'));
  await expect.poll(async () => (await app.api.state()).name).toBe('retries exhausted');
  await app.api.seek(1e9);
  await expect(page.getByTestId('narration')).toContainText('Exceeded maximum number of retries');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
}

test('presenting the end of a failed boot on a 1366 × 768 projector, its long sentence stays on the screen', async ({
  app,
  page,
}) => {
  await presentFailedEnd(app, page, 1366);
  const narration = page.getByTestId('narration');
  // the page does not scroll: the sentence does, and the big steps stay under it
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollHeight))
    .toBeLessThanOrEqual(768);
  const next = (await page.getByTestId('big-step').boundingBox())!;
  expect(next.y + next.height).toBeLessThanOrEqual(768);
  // the whole sentence can be read: it fits, made smaller, or the box scrolls
  const text = narration.locator('.narration-text');
  const [overflow, scrolls] = await text.evaluate((e) => [
    e.scrollHeight > e.clientHeight + 1,
    ['auto', 'scroll'].includes(getComputedStyle(e).overflowY),
  ]);
  expect(!overflow || scrolls).toBe(true);
});

test('presenting on a 1280 × 720 projector in Japanese, every big step of a reschedule is said whole, and the first screen needs no scrolling', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.controls.language.click();
  await page.evaluate(() => window.novaviz!.loadFile('reschedule.json'));
  await expect.poll(async () => (await app.api.state()).name).toBe('reschedule once');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  // the playback buttons are a row of icons, named for screen readers
  await expect(page.getByRole('button', { name: '1 つ進む' })).toBeVisible();
  const skip = (await page.getByTestId('skip-setup').boundingBox())!;
  expect(skip.y + skip.height).toBeLessThanOrEqual(720);
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(720);
  const text = page.getByTestId('narration').locator('.narration-text');
  const steps = await eachBigStep(app, page, async () => {
    // no line cut off: the sentence is made smaller until it fits its box
    await expect
      .poll(() => text.evaluate((e) => e.scrollHeight - e.clientHeight))
      .toBeLessThanOrEqual(1);
  });
  expect(steps).toBeGreaterThan(20);
});

test('presenting on a 1280 × 720 projector, a compound name is broken only at its joints (underscore, dot, @)', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  const names = page.getByTestId('narration').locator('.narration-text .name-block');
  /** each name: the lines each of its pieces (a word and its underscore) is on, and its own */
  const linesOfNames = () =>
    names.evaluateAll((blocks) =>
      blocks.map((b) => {
        const tops = [...b.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => {
            const range = document.createRange();
            range.selectNodeContents(n);
            return [...new Set([...range.getClientRects()].map((r) => Math.round(r.top)))];
          });
        return { pieces: tops.map((t) => t.length), lines: new Set(tops.flat()).size };
      }),
    );
  let broken = 0;
  await eachBigStep(app, page, async () => {
    for (const name of await linesOfNames()) {
      expect(name.pieces.every((n) => n === 1)).toBe(true);
      if (name.lines > 1) broken++;
    }
  });
  // the column is narrower than schedule_and_build_instances in the sentence's size
  expect(broken).toBeGreaterThan(0);
});

test('presenting the end of a failed boot on a 4:3 projector, the sentence keeps to a few lines above the diagram', async ({
  app,
  page,
}) => {
  await presentFailedEnd(app, page, 1024);
  // the sentence is made smaller and scrolls; the diagram keeps its place on the screen
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollHeight))
    .toBeLessThanOrEqual(768);
  const diagram = (await page.getByTestId('diagram').boundingBox())!;
  expect(diagram.height).toBeGreaterThanOrEqual(250);
  expect(diagram.y + diagram.height).toBeLessThanOrEqual(768);
});

test('presenting on a 4:3 projector, the diagram and the big-step buttons keep their place through every big step, in both languages', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  for (const [file, language] of [
    ['reschedule.json', 'en'],
    ['retries-exhausted.json', 'ja'],
  ] as const) {
    await page.evaluate((f) => window.novaviz!.loadFile(f), file);
    await page.evaluate((l) => window.novaviz!.setLanguage(l), language);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('f');
    await expect(page.getByTestId('app')).toHaveClass(/presenting/);
    const places = new Set<string>();
    const place = async () => {
      const d = (await page.getByTestId('diagram').boundingBox())!;
      const next = (await page.getByTestId('narration').getByTestId('big-step').boundingBox())!;
      return [d.y, d.height, next.x, next.y].map(Math.round).join(' ');
    };
    // on the first screen, the hint's big step is where the sentence's will be
    const first = (await page.getByTestId('hint').getByTestId('big-step').boundingBox())!;
    await page.keyboard.press('n');
    const told = (await page.getByTestId('narration').getByTestId('big-step').boundingBox())!;
    expect(Math.abs(told.y - first.y)).toBeLessThanOrEqual(2);
    expect(Math.round(told.x)).toBe(Math.round(first.x));
    await app.api.seek(0);
    await expect(page.getByTestId('hint')).toBeVisible();
    const steps = await eachBigStep(app, page, async () => {
      await expect(page.getByTestId('narration')).toHaveAttribute(
        'data-seq',
        String((await app.api.state()).seq - 1),
      );
      places.add(await place());
    });
    // the failed boot's end, its longest sentence, is among them
    expect(steps).toBeGreaterThan(20);
    expect([...places]).toHaveLength(1);
    await page.keyboard.press('Escape');
  }
});

test('an invalid scenario shows an error naming the field and keeps the old run', async ({
  app,
}) => {
  await app.api.step(10);
  const before = await app.api.state();
  const bad = {
    format: 'nova-boot-visualizer/scenario@1',
    name: 'broken',
    cloud: { hosts: [{ name: 'h1', vcpus: 8, memory_mb: 8192, disk_gb: 100, gpus: 2 }] },
    requests: [],
  };
  const message = await app.api.load(bad);
  expect(message).toContain('gpus');
  await expect(app.error).toBeVisible();
  await expect(app.error).toContainText('cloud.hosts[0]');
  await expect(app.error).toContainText('"gpus"');
  const after = await app.api.state();
  expect(after.runId).toBe(before.runId);
  expect(after.seq).toBe(before.seq);
  expect(after.traceHash).toBe(before.traceHash);
  // the old run still steps
  await app.api.step(1);
  expect((await app.api.state()).seq).toBe(before.seq + 1);
});

test('invalid JSON text is reported too', async ({ app }) => {
  const message = await app.api.load('{ "format": ');
  expect(message).toContain('not valid JSON');
  await expect(app.error).toContainText('not valid JSON');
});

test('a scenario file that is missing gives an error, not a broken page', async ({ app, page }) => {
  const before = await app.api.state();
  const message = await page.evaluate(() =>
    window.novaviz!.loadFile('does-not-exist.json').then(
      () => null,
      (e: Error) => e.message,
    ),
  );
  expect(message).toContain('does-not-exist.json');
  await expect(app.error).toBeVisible();
  expect((await app.api.state()).runId).toBe(before.runId);
});

test('the language control switches the page to Japanese', async ({ app, page }) => {
  await expect(app.controls.play).toContainText('Play');
  await app.controls.language.click();
  await expect(app.controls.play).toContainText('再生');
  await expect(page.getByTestId('hint')).toContainText('スペースキー');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  expect((await app.api.state()).language).toBe('ja');
  // the event list says its operations in Japanese and keeps Nova's names
  await app.api.step(40);
  const events = page.getByTestId('events');
  await expect(events).toContainText('(送信)');
  await expect(events).toContainText('挿入');
  await expect(events).not.toContainText('(send)');
  await page.evaluate(() => window.novaviz!.setLanguage('en'));
  await expect(app.controls.play).toContainText('Play');
  await expect(events).toContainText('(send)');
});

test('shareUrl names the scenario and seed, and opening it comes back to the same place', async ({
  app,
}) => {
  await app.api.step(30);
  const a = await app.api.state();
  const url = await app.page.evaluate(() => window.novaviz!.shareUrl());
  expect(url).toContain('scenario=one-boot.json');
  expect(url).toContain('seed=42');
  await app.open(url);
  const b = await app.api.state();
  expect(b.seq).toBe(30);
  expect(b.traceHash).toBe(a.traceHash);
});

test('a share link past the end of its run opens at the end, and says so', async ({
  app,
  page,
}) => {
  await app.open('/#scenario=one-boot.json&seed=42&seq=999999');
  const end = await app.api.state();
  expect(end.done).toBe(true);
  expect(end.seq).toBe(end.eventCount);
  await expect(page.getByTestId('error')).toContainText(
    "The share link's event is past the end of its run",
  );
  await expect(page.getByTestId('error')).toContainText(
    `the link asks for event 999999; this run has ${end.eventCount}: it is open at its end`,
  );
});

test('under the picker, a line says what the example shows, in the page’s language', async ({
  app,
  page,
}) => {
  await app.open();
  const line = page.getByTestId('scenario-description');
  // an example's seed and hosts end the line, leaving the picker's row to its title
  await expect(line).toHaveText(
    'One server on one host, no network: the reference happy path.seed 42 · 1 host',
  );
  await expect(line.getByTestId('run-info')).toHaveText('seed 42 · 1 host');
  await page.getByTestId('scenario-picker').selectOption('no-valid-host.json');
  await expect(line).toContainText('placement offers no candidate');
  await app.controls.language.click();
  await expect(line).toContainText('placement は候補を返さず');
  // a file without a description has no line
  await app.api.load({
    format: 'nova-boot-visualizer/scenario@1',
    name: 'bare',
    seed: 1,
    cloud: { hosts: [{ name: 'a', vcpus: 4, memory_mb: 4096, disk_gb: 40 }] },
    requests: [],
  });
  await expect.poll(async () => (await app.api.state()).name).toBe('bare');
  await expect(line).toHaveCount(0);
});

test('arrows on the closed picker choose a scenario without opening it: Enter opens it, Esc goes back', async ({
  app,
  page,
}) => {
  await app.open();
  const picker = app.controls.scenarioPicker;
  const before = await app.api.state();
  await app.controls.stepForward.click();
  await picker.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('scenario-open')).toBeVisible();
  const chosen = await picker.inputValue();
  expect(chosen).not.toBe('one-boot.json');
  // the run is the same run, where it was
  const waiting = await app.api.state();
  expect(waiting.runId).toBe(before.runId);
  expect(waiting.seq).toBe(1);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('scenario-open')).toHaveCount(0);
  await expect(picker).toHaveValue('one-boot.json');
  expect((await app.api.state()).runId).toBe(before.runId);

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const second = await picker.inputValue();
  expect(second).not.toBe(chosen);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await app.api.state()).runId).not.toBe(before.runId);
  await expect(picker).toHaveValue(second);
  await expect(page.getByTestId('scenario-open')).toHaveCount(0);
  // the keyboard's focus is given back once it has loaded
  await expect(picker).toBeFocused();

  // down and back up to the scenario that is loaded: nothing to open, Enter does nothing
  const loaded = (await app.api.state()).runId;
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('scenario-open')).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('scenario-open')).toHaveCount(0);
  await page.keyboard.press('Enter');
  expect((await app.api.state()).runId).toBe(loaded);

  // another run loaded meanwhile (a script, a file) ends the choice
  await picker.blur();
  await picker.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('scenario-open')).toBeVisible();
  await page.evaluate(() => window.novaviz!.loadFile('one-boot.json'));
  await expect(page.getByTestId('scenario-open')).toHaveCount(0);
  await expect(picker).toHaveValue('one-boot.json');
});

test('a scenario file of the user loads through the file button', async ({ app, page }) => {
  const scenario = {
    format: 'nova-boot-visualizer/scenario@1',
    name: 'my two hosts',
    description: 'Two small hosts of my own.',
    seed: 5,
    cloud: {
      hosts: [
        { name: 'a', vcpus: 4, memory_mb: 4096, disk_gb: 40 },
        { name: 'b', vcpus: 4, memory_mb: 4096, disk_gb: 40 },
      ],
    },
    requests: [
      { at: 0, name: 'mine', flavorRef: '1', imageRef: '155d900f-4e14-4e4c-a73d-069cbf4541e6' },
    ],
  };
  const before = await app.api.state();
  await page.getByTestId('load-file-input').setInputFiles({
    name: 'mine.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await expect.poll(async () => (await app.api.state()).name).toBe('my two hosts');
  expect((await app.api.state()).runId).not.toBe(before.runId);
  // the picker has no title for it: the bar names it
  await expect(page.getByTestId('run-info')).toContainText('my two hosts');
  await expect(page.getByTestId('run-info')).toContainText('2 hosts');
  // and says what it shows in its own words
  await expect(page.getByTestId('scenario-description')).toHaveText('Two small hosts of my own.');
  await expect(app.error).toHaveCount(0);
  // a link could not name this file: the share button says so instead of copying a wrong one
  await page.getByTestId('share-link').click();
  await expect(page.getByRole('status').filter({ hasText: 'send its file' })).toBeVisible();
});

test('every scenario in the picker loads and plays to the end without an error', async ({
  app,
  page,
}) => {
  test.setTimeout(120_000);
  const files = await app.controls.scenarioPicker
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(files.length).toBeGreaterThan(1);
  for (const file of files.filter((f) => !f.startsWith('cloud-'))) {
    // the choice loads the file (even the one already shown): play only once it has, or the
    // load lands after the play and starts the run over
    const before = (await app.api.state()).runId;
    await app.controls.scenarioPicker.selectOption(file);
    await expect
      .poll(async () => (await app.api.state()).runId, { message: file })
      .not.toBe(before);
    await page.waitForFunction((f) => {
      const s = window.novaviz!.state();
      return (
        s.error === null &&
        document.querySelector<HTMLSelectElement>('[data-testid="scenario-picker"]')?.value === f
      );
    }, file);
    await app.api.setSpeed('max');
    await app.api.play();
    await page.waitForFunction(() => window.novaviz!.state().done, undefined, { timeout: 20_000 });
    const s = await app.api.state();
    expect(s.error, file).toBeNull();
    expect(s.eventCount, file).toBeGreaterThan(0);
  }
});

test('before the boot request, the page says the first events start the cloud and goes straight to the request', async ({
  app,
  page,
}) => {
  await app.api.step(3);
  const note = page.getByTestId('setup-note');
  await expect(note).toContainText('Events 0 to 24 start the cloud');
  await page.getByTestId('skip-setup').click();
  await expect(page.getByTestId('narration')).toHaveAttribute('data-seq', '25');
  await expect(page.getByTestId('narration')).toContainText('POST /v2.1/servers');
  await expect(note).toHaveCount(0);
  expect((await app.api.state()).seq).toBe(26);
});

test('in a scenario that breaks the cloud before its request, the setup note names what it does, and goes there', async ({
  app,
  page,
}) => {
  await app.open();
  await app.controls.scenarioPicker.selectOption('host-down.json');
  const note = page.getByTestId('setup-note');
  const faults = page.getByTestId('setup-faults');
  await expect(faults).toContainText('Among them, what the scenario does to the cloud first:');
  // the admin's force-down and the injected stop, each a link
  const links = faults.getByRole('button');
  await expect(links).toHaveCount(2);
  await expect(links.nth(0)).toContainText('nova-compute@host1 forced-down');
  await expect(links.nth(1)).toContainText('service-down: the nova-compute process on host2 stops');
  const stop = Number((await links.nth(1).textContent())!.match(/#(\d+)/)![1]);
  await links.nth(1).click();
  await expect(page.getByTestId('narration')).toHaveAttribute('data-seq', String(stop));
  expect((await app.api.state()).seq).toBe(stop + 1);
  await expect(note).toBeVisible();
  await app.controls.language.click();
  await expect(faults).toContainText('host2 の nova-compute のプロセスが止まる');
});

/** The user opens a scenario file of their own (the page's file input). */
function openUserFile(page: Page, name: string, scenario: unknown) {
  return page.getByTestId('load-file-input').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
}

/** A one-host scenario whose request misspells flavorRef, its host with `vcpus`. */
const withMisspeltFlavor = (vcpus: number) => ({
  format: 'nova-boot-visualizer/scenario@1',
  name: 'bad',
  cloud: { hosts: [{ name: 'a', vcpus, memory_mb: 4096, disk_gb: 40 }] },
  requests: [{ at: 0, name: 'v', flavour: '1', imageRef: '155d900f-4e14-4e4c-a73d-069cbf4541e6' }],
});

test('a file of the user with a misspelt field: the error names the file and the field it meant', async ({
  app,
  page,
}) => {
  const before = await app.api.state();
  await openUserFile(page, 'typo.json', withMisspeltFlavor(4));
  await expect(app.error).toContainText('typo.json');
  await expect(app.error).toContainText('unknown field "flavour" (did you mean "flavorRef"?)');
  await expect(app.error).toContainText('The previous run is still loaded');
  expect((await app.api.state()).runId).toBe(before.runId);
});

test('in Japanese, a scenario file’s problems are said in Japanese, and follow a change of language', async ({
  app,
  page,
}) => {
  await page.evaluate(() => window.novaviz!.setLanguage('ja'));
  // and a host of no vCPU
  await openUserFile(page, 'bad.json', withMisspeltFlavor(0));
  const problems = app.error.getByTestId('scenario-problems');
  await expect(app.error).toContainText('このシナリオは読み込めません');
  await expect(problems).toContainText(
    'cloud.hosts[0].vcpus: 小さすぎます: 0より大きい値である必要があります',
  );
  await expect(problems).toContainText(
    'requests[0]: 不明な項目 "flavour" ("flavorRef" のことですか?)',
  );
  await page.evaluate(() => window.novaviz!.setLanguage('en'));
  await expect(problems).toContainText('cloud.hosts[0].vcpus: Too small: expected number to be >0');
});

test('a fault that could never fire is refused, naming what it may name; in Japanese the close button stays whole', async ({
  app,
  page,
}) => {
  await page.evaluate(() => window.novaviz!.setLanguage('ja'));
  await openUserFile(page, 'never.json', {
    ...withMisspeltFlavor(4),
    requests: [
      { at: 0, name: 'v', flavorRef: '1', imageRef: '155d900f-4e14-4e4c-a73d-069cbf4541e6' },
    ],
    faults: [
      { kind: 'slow', process: 'nova-api-db', factor: 2 },
      { kind: 'message-drop', topic: 'compute.a' },
    ],
  });
  const problems = app.error.getByTestId('scenario-problems');
  await expect(problems).toContainText(
    'faults[0].process: slow には時間のかかるプロセスを指定します',
  );
  await expect(problems).toContainText('faults[1].topic: message-drop にはサービスが送るトピック');
  // beside the long lines, the button keeps its word on one line
  const close = app.error.getByRole('button', { name: '閉じる' });
  const { height } = (await close.boundingBox())!;
  const line = await close.evaluate((b) => parseFloat(getComputedStyle(b).lineHeight));
  expect(height).toBeLessThan(2 * line);
});

test('presenting, the virtual clock runs on while the VM spawns and nothing else moves', async ({
  app,
  page,
}) => {
  const events = (await app.api.exportTrace())
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { seq: number; type: string; phase?: string });
  const spawn = events.find((e) => e.type === 'hypervisor' && e.phase === 'start')!.seq;
  await app.api.seek(spawn + 1);
  await page.getByTestId('present').click();
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  const clock = page.getByTestId('present-clock');
  await expect(clock).toBeVisible();
  const at = await clock.textContent();
  await app.api.play();
  // the spawn takes virtual seconds with no event: the clock moves before the cursor does
  await expect(clock).not.toHaveText(at!);
  expect((await app.api.state()).seq).toBe(spawn + 1);
  await app.api.pause();
  await page.getByTestId('present').click();
  await expect(page.getByTestId('present-clock')).toHaveCount(0);
});

test('a language changed while presenting leaves the narration its own height once back', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.open();
  const region = page.locator('.narration-region');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  // presenting, the narration is the side column's height: not what the page keeps after
  const column = (await region.boundingBox())!.height;
  await page.keyboard.press('l');
  await expect.poll(async () => (await app.api.state()).language).toBe('ja');
  await page.keyboard.press('n');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('app')).not.toHaveClass(/presenting/);
  await expect(page.getByTestId('narration')).toBeVisible();
  const back = (await region.boundingBox())!.height;
  // the sentence's box, not the column's (it was kept at 392 px, the diagram pushed down)
  expect(back).toBeLessThan(column / 2);
  const told = (await page.getByTestId('narration').boundingBox())!.height;
  expect(back).toBeLessThanOrEqual(told + 2);
});

test('pressing Play moves nothing below the narration: the setup note leaves its room behind', async ({
  app,
  page,
}) => {
  await expect(page.getByTestId('setup-note')).toBeVisible();
  const diagram = page.getByTestId('diagram');
  const top = (await diagram.boundingBox())!.y;
  await app.api.play();
  await expect(page.getByTestId('setup-note')).toHaveCount(0);
  await expect(page.getByTestId('hint')).toHaveCount(0);
  expect((await diagram.boundingBox())!.y).toBe(top);
  await app.api.pause();
});

test('presenting on a wide projector, the big-step buttons stay where the mouse is from step to step', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  const next = page.getByTestId('big-step');
  const places = new Set<number>();
  const lengths = new Set<number>();
  for (let i = 0; i < 8; i++) {
    const before = (await app.api.state()).seq;
    // clicked where it was the step before
    await next.click();
    await expect.poll(async () => (await app.api.state()).seq).not.toBe(before);
    const text = await page.getByTestId('narration').locator('.narration-text').textContent();
    lengths.add(Math.round(text!.length / 20));
    places.add(Math.round((await next.boundingBox())!.y));
  }
  // sentences of many lengths, the button in one place, on the screen
  expect(lengths.size).toBeGreaterThan(2);
  expect([...places]).toHaveLength(1);
  expect([...places][0]!).toBeLessThan(768);
});

test('presenting on a wide projector, a sentence naming a long queue stays inside its column', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.evaluate(() => window.novaviz!.loadFile('reschedule.json'));
  await expect.poll(async () => (await app.api.state()).name).toBe('reschedule once');
  // a consumer of a queue whose name has no separator to break at: reply_<32 hex digits>
  const trace = (await app.api.exportTrace()).trimEnd().split('\n');
  const replyQueue = trace
    .map((l) => JSON.parse(l) as { seq?: number; type?: string; op?: string; queue?: string })
    .find((e) => e.type === 'mq' && e.op === 'consumer-up' && e.queue?.startsWith('reply_'))!;
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await app.api.seek(replyQueue.seq! + 1);
  const narration = page.getByTestId('narration');
  await expect(narration).toContainText(replyQueue.queue!.slice(0, 12));
  const box = (await narration.boundingBox())!;
  const text = (await narration.locator('.narration-text').boundingBox())!;
  expect(text.x + text.width).toBeLessThanOrEqual(box.x + box.width);
  expect(box.x + box.width).toBeLessThanOrEqual(1366);
});

test('the slider keeps its length from the first event to the last, in both languages', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => window.novaviz!.loadFile('ten-boots-three-hosts.json'));
  await expect.poll(async () => (await app.api.state()).complete).toBe(true);
  const slider = page.getByTestId('seek');
  const width = async (seq: number) => {
    await app.api.seek(seq);
    await expect.poll(async () => (await app.api.state()).seq).toBe(Math.min(seq, 1129));
    return (await slider.boundingBox())!.width;
  };
  for (const language of ['en', 'ja'] as const) {
    await page.evaluate((l) => window.novaviz!.setLanguage(l), language);
    const first = await width(0);
    expect(await width(1e9)).toBe(first);
    expect(await width(7)).toBe(first);
  }
  // the count says what it says, nothing more
  await expect(page.getByTestId('seek-count')).toHaveText('7 / 1129 件再生済み');
});

/** Presenting host-down on a 1280 × 720 projector, at host1's forced down (told): its seq. */
async function presentForcedDown(
  app: AppPage,
  page: Page,
  language: 'en' | 'ja',
  height = 720,
): Promise<number> {
  await page.setViewportSize({ width: 1280, height });
  await loadFile(app, 'host-down.json');
  const forced = await firstSeq(
    app,
    (e) => e.type === 'db' && (e.fields as Record<string, unknown>).forced_down === true,
  );
  await page.evaluate((l) => window.novaviz!.setLanguage(l), language);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await app.api.seek(forced + 1);
  return forced;
}

test('presenting host-down on a 1280 × 720 projector, the forced-down step is told whole, its note short', async ({
  app,
  page,
}) => {
  const forced = await presentForcedDown(app, page, 'en');
  const text = page.getByTestId('narration').locator('.narration-text');
  await expect(text).toContainText('forces nova-compute on host1 down');
  // the sentence has its lines, none cut off; the note under it says only where the request starts
  expect((await text.boundingBox())!.height).toBeGreaterThan(60);
  expect(await text.evaluate((e) => e.scrollHeight - e.clientHeight)).toBeLessThanOrEqual(1);
  await expect(page.getByTestId('setup-faults')).toHaveCount(0);
  const skip = page.getByTestId('skip-setup');
  const box = (await skip.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(720);
  // the faults are not listed: the button stops at the next one before the request, so a
  // class skipping the cloud's start still sees host2's nova-compute stop
  const fault = await firstSeq(app, (e) => e.type === 'fault');
  const request = await firstSeq(app, (e) => e.type === 'rest' && e.from === 'client');
  expect(fault).toBeGreaterThan(forced);
  // it goes to what the scenario does next, and says so: in the note's words, or on its own
  // when the sentence above leaves them no room
  const note = page.getByTestId('setup-note').locator('.setup-text');
  if (await note.evaluate((e) => e.classList.contains('is-cut')))
    await expect(skip).toHaveText(`To what the scenario does: #${fault}`);
  else {
    await expect(note).toContainText(`at #${fault} the scenario acts on it`);
    await expect(skip).toHaveText(`Go to event #${fault}`);
  }
  await skip.click();
  await expect.poll(async () => (await app.api.state()).seq).toBe(fault + 1);
  await expect(text).toContainText('Injected fault: nova-compute@host2 stops');
  // the note's words hidden (below), the button says on its own what it skips
  await expect(skip).toHaveText(`Skip the cloud’s start: to #${request}`);
  // the note's words, with less room than a line, are not shown cut in half
  const words = page.getByTestId('setup-note').locator('.setup-text');
  await expect
    .poll(() =>
      words.evaluate(
        (e) =>
          getComputedStyle(e).visibility === 'hidden' ||
          e.scrollHeight - e.clientHeight <= 0.25 * parseFloat(getComputedStyle(e).lineHeight),
      ),
    )
    .toBe(true);
  expect((await skip.boundingBox())!.y + (await skip.boundingBox())!.height).toBeLessThanOrEqual(
    720,
  );
  await skip.click();
  await expect.poll(async () => (await app.api.state()).seq).toBe(request + 1);
});

test('presenting on a 1280 × 720 projector in Japanese, a failed boot’s last sentence is whole: Exit shares the speed’s row', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await loadFile(app, 'retries-exhausted.json');
  await page.evaluate(() => window.novaviz!.setLanguage('ja'));
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await page.keyboard.press('End');
  await expect.poll(async () => (await app.api.state()).done).toBe(true);
  const text = page.getByTestId('narration').locator('.narration-text');
  await expect(text).toContainText('ERROR');
  await expect
    .poll(() => text.evaluate((e) => e.scrollHeight - e.clientHeight))
    .toBeLessThanOrEqual(1);
  const exit = (await page.getByTestId('present').boundingBox())!;
  const speed = (await page.getByTestId('speed').boundingBox())!;
  expect(Math.abs(exit.y + exit.height / 2 - (speed.y + speed.height / 2))).toBeLessThan(8);
});

test('presenting in a 1280 × 720 projector’s window in Japanese, with the note’s words hidden, its button says what it skips', async ({
  app,
  page,
}) => {
  // the browser's bars take 70 px: the Japanese sentence leaves the note no room for its words
  await presentForcedDown(app, page, 'ja', 650);
  const fault = await firstSeq(app, (e) => e.type === 'fault');
  // the Japanese sentence takes the column's room: the note's words give theirs up
  await expect(page.getByTestId('setup-note').locator('.setup-text')).toHaveClass(/is-cut/);
  const skip = page.getByTestId('skip-setup');
  // it goes to host2's nova-compute stopping, not past the cloud's start: it says so
  await expect(skip).toHaveText(`シナリオの操作 #${fault} へ`);
  const box = (await skip.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(650);
  // one line: the words left a line's room, not two
  const line = await skip.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
  expect(box.height).toBeLessThan(2 * line);
});

test("presenting in a 1280 × 720 projector's window in Japanese, the cloud's start is told whole above its short note", async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 690 });
  await page.evaluate(() => window.novaviz!.loadFile('reschedule.json'));
  await expect.poll(async () => (await app.api.state()).name).toBe('reschedule once');
  await page.evaluate(() => window.novaviz!.setLanguage('ja'));
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  const text = page.getByTestId('narration').locator('.narration-text');
  for (const seq of [27, 38]) {
    await app.api.seek(seq);
    // the sentence takes the column's room: the note's words are hidden, its button says it
    await expect(page.getByTestId('skip-setup')).toHaveText('クラウド起動を飛ばし #47 へ');
    // no line cut off under the big steps
    await expect
      .poll(() => text.evaluate((e) => e.scrollHeight - e.clientHeight))
      .toBeLessThanOrEqual(1);
  }
});

test("presenting host-down's first screen, the note says why its button stops before the request", async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open();
  await loadFile(app, 'host-down.json');
  const forced = await firstSeq(
    app,
    (e) => e.type === 'db' && (e.fields as Record<string, unknown>).forced_down === true,
  );
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  const note = page.getByTestId('setup-note');
  await expect(note.locator('.setup-text')).toHaveText(
    `Events 0 to 111 start the cloud; at #${forced} the scenario acts on it.`,
  );
  await expect(note.getByTestId('skip-setup')).toHaveText(`Go to event #${forced}`);
  // without faults before the request, the short note as before
  await loadFile(app, 'reschedule.json');
  await expect(note.locator('.setup-text')).toHaveText(/^Events 0 to \d+ start the cloud\.\s*$/);
});
