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
  // acting on it makes it the user's run: the note on where it came from goes
  await page.getByTestId('fault-spawn-fails').click();
  await expect(page.getByTestId('injections').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('restored')).toHaveCount(0);
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

test('an opened link leaves the address bar: a reload brings back what was done since', async ({
  app,
  page,
}) => {
  await app.open('/#scenario=rpc-timeout.json&seed=42&seq=39');
  expect((await app.api.state()).seq).toBe(39);
  // once its run is saved, the link goes from the address bar
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('');
  await page.evaluate(() => window.novaviz!.loadFile('retries-exhausted.json'));
  await app.api.seek(150);
  const mine = await app.api.state();
  await page.evaluate(() => window.novaviz!.persisted());
  await page.reload();
  await page.evaluate(() => window.novaviz!.ready());
  expect(await app.api.state()).toMatchObject({
    name: mine.name,
    seq: 150,
    traceHash: mine.traceHash,
  });
});

test('a link pasted into the address bar of the open page is opened', async ({ app, page }) => {
  await app.open();
  await page.evaluate(() => {
    location.hash = '#scenario=no-valid-host.json&seed=42&seq=20';
  });
  await expect.poll(async () => (await app.api.state()).seq).toBe(20);
  expect((await app.api.state()).name).toBe('no valid host');
  // one that cannot be read says what is wrong, and the run stays
  const before = await app.api.state();
  await page.evaluate(() => {
    location.hash = '#scenario=no-valid-host.json&seq=x';
  });
  await expect(app.error).toContainText("seq 'x' is not a whole number");
  expect(await app.api.state()).toMatchObject({ runId: before.runId, seq: 20 });
  // said in the page's language, as the rest of the banner is
  await page.evaluate(() => window.novaviz!.setLanguage('ja'));
  await expect(app.error).toContainText("seq 'x' は 0 以上の整数ではありません");
  await page.evaluate(() => {
    location.hash = '#scenario=no-valid-host.json&seq=99999';
  });
  await expect(app.error).toContainText('リンクはイベント 99999 を指していますが');
});

test('breakpoints outlast a reload; one on a process the run lacks is kept, marked, for the runs that have it', async ({
  app,
  page,
}) => {
  await app.open();
  await page.evaluate(() =>
    window.novaviz!.setBreakpoints([
      { kind: 'failure' },
      { method: 'select_destinations' },
      { process: 'nova-compute@compute' },
    ]),
  );
  await page.reload();
  await page.evaluate(() => window.novaviz!.ready());
  const list = page.getByTestId('breakpoints').getByTestId('bp-list');
  await expect(list.locator('li')).toHaveCount(3);
  await expect(list).toContainText('select_destinations');
  await expect(list.getByTestId('bp-elsewhere')).toHaveCount(0);
  // a run without the host "compute": its breakpoint stays, said not to be in this run
  await page.evaluate(() => window.novaviz!.loadFile('host-down.json'));
  await page.evaluate(() => window.novaviz!.persisted());
  await page.reload();
  await page.evaluate(() => window.novaviz!.ready());
  await expect(list.locator('li')).toHaveCount(3);
  const elsewhere = list.locator('li').filter({ hasText: 'nova-compute@compute' });
  await expect(elsewhere.getByTestId('bp-elsewhere')).toHaveText('not in this run');
  await expect(list.getByTestId('bp-elsewhere')).toHaveCount(1);
  // back on a run that has the host, it is an ordinary breakpoint again
  await page.evaluate(() => window.novaviz!.loadFile('one-boot.json'));
  await page.evaluate(() => window.novaviz!.persisted());
  await page.reload();
  await page.evaluate(() => window.novaviz!.ready());
  await expect(list.locator('li')).toHaveCount(3);
  await expect(list.getByTestId('bp-elsewhere')).toHaveCount(0);
  // a saved list that cannot be read at all is still dropped, the rest kept
  await page.evaluate(() =>
    localStorage.setItem(
      'novaviz.breakpoints',
      JSON.stringify([{ method: 'select_destinations' }, { colour: 'blue' }]),
    ),
  );
  await page.reload();
  await page.evaluate(() => window.novaviz!.ready());
  await expect(list.locator('li')).toHaveCount(1);
  await expect(list).toContainText('select_destinations');
});

test('a share link that cannot be opened says why, and the saved run opens as it was left', async ({
  app,
  page,
}) => {
  await app.open();
  await app.api.step(40);
  const saved = await app.api.state();
  await page.evaluate(() => window.novaviz!.persisted());
  await page.goto('/#scenario=nope.json&seed=42&seq=10');
  await page.reload(); // the hash alone does not load the page again
  await page.evaluate(() => window.novaviz!.ready());
  await expect(app.error).toContainText('This share link could not be opened');
  await expect(app.error).toContainText('nope.json');
  await expect(app.error).toContainText('The run saved in this browser is open instead');
  expect(await app.api.state()).toMatchObject({
    runId: saved.runId,
    seq: saved.seq,
    traceHash: saved.traceHash,
  });
  await expect(app.controls.play).toBeEnabled();
});

test('a cut or mistyped share link names what is wrong in it', async ({ app, page }) => {
  await page.goto('/#scenario=reschedule&seed=abc&foo=1');
  await page.waitForFunction(() => window.novaviz !== undefined);
  await page.evaluate(() => window.novaviz!.ready());
  await expect(app.error).toContainText("scenario 'reschedule' is not a scenario file name");
  await expect(app.error).toContainText("seed 'abc' is not a whole number");
  await expect(app.error).toContainText("unknown parameter 'foo'");
  await expect(app.error).toContainText('The default scenario is open instead');
  expect((await app.api.state()).name).not.toBeNull();
});

test('a second tab runs without saving and says so; the first tab keeps its own run', async ({
  app,
  page,
}) => {
  await app.open();
  await app.api.step(40);
  await page.evaluate(() => window.novaviz!.persisted());
  const mine = await app.api.state();

  const other = await page.context().newPage();
  await other.goto('/');
  await other.waitForFunction(() => window.novaviz !== undefined);
  await other.evaluate(() => window.novaviz!.ready());
  await expect(other.getByTestId('error')).toContainText(
    'The app is open in another tab: this one does not save',
  );
  await expect(other.getByTestId('error')).toContainText(
    'close the other tab, then reload this one',
  );
  // it works, unsaved: what it does is not what the first tab brings back
  await other.evaluate(() => window.novaviz!.loadFile('no-valid-host.json'));
  await other.evaluate(() => window.novaviz!.step(30));
  await other.close();

  await page.reload();
  await page.waitForFunction(() => window.novaviz !== undefined);
  await page.evaluate(() => window.novaviz!.ready());
  expect(await app.api.state()).toMatchObject({
    runId: mine.runId,
    name: mine.name,
    seq: mine.seq,
    traceHash: mine.traceHash,
  });
  await expect(page.getByTestId('error')).toHaveCount(0);
});
