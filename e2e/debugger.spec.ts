import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, firstSeq, loadFile, test, traceEvents, type AppPage } from './fixtures';

/** Plays on until the run stops: at a breakpoint, or at its end. */
async function playUntilStopped(app: AppPage) {
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).playing, { timeout: 30_000 }).toBe(false);
}

async function playToEnd(app: AppPage) {
  await app.api.setSpeed('max');
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 30_000 }).toBe(true);
}

const isSelectDestinations = (e: Record<string, unknown>) =>
  e.type === 'rpc' && e.method === 'select_destinations';

test.beforeEach(async ({ app }) => {
  await app.open();
});

test('a breakpoint on a process the run does not have is refused, naming it; the list offers the real ones', async ({
  app,
  page,
}) => {
  await loadFile(app, 'host-down.json');
  const panel = page.getByTestId('breakpoints');
  const field = panel.getByTestId('bp-process');
  const offered = await page.evaluate(
    (id) =>
      [...document.querySelectorAll(`#${id} option`)].map((o) => (o as HTMLOptionElement).value),
    (await field.getAttribute('list'))!,
  );
  expect(offered).toEqual(expect.arrayContaining(['nova-compute@host1', 'hypervisor@host3']));
  await field.fill('nova-compute@hots1');
  await panel.getByTestId('bp-add').click();
  await expect(panel.getByRole('alert')).toContainText('nova-compute@hots1');
  await expect(panel.getByTestId('bp-list')).toHaveCount(0);
  await field.fill('nova-compute@host1');
  await panel.getByTestId('bp-add').click();
  await expect(panel.getByTestId('bp-list')).toContainText('process = nova-compute@host1');
  await expect(panel.getByRole('alert')).toHaveCount(0);
});

test('in Japanese, a breakpoint on a method the services never send, or on no request, is refused in Japanese', async ({
  app,
  page,
}) => {
  await app.controls.language.click();
  const panel = page.getByTestId('breakpoints');
  await panel.getByTestId('bp-method').fill('select_destination');
  await panel.getByTestId('bp-add').click();
  await expect(panel.getByRole('alert')).toContainText(
    'サービスが送る RPC メソッドに「select_destination」はありません',
  );
  await panel.getByTestId('bp-method').fill('');
  await panel.getByTestId('bp-request_id').fill('nobody');
  await panel.getByTestId('bp-add').click();
  await expect(panel.getByRole('alert')).toContainText('「nobody」はリクエスト ID (req-…) でも');
  await expect(panel.getByTestId('bp-list')).toHaveCount(0);
});

test('a vm_state breakpoint typed as the page shows it (ERROR) stops where the server fails; a word that is no state is refused and stays to be corrected', async ({
  app,
  page,
}) => {
  await loadFile(app, 'no-valid-host.json');
  const panel = page.getByTestId('breakpoints');
  const field = panel.getByTestId('bp-vm_state');
  await field.fill('failed');
  await panel.getByTestId('bp-add').click();
  await expect(panel.getByRole('alert')).toContainText('“failed” is not a vm_state');
  await expect(field).toHaveValue('failed');
  await field.fill('ERROR');
  await panel.getByTestId('bp-add').click();
  await expect(panel.getByTestId('bp-list')).toContainText('ERROR');
  await app.api.setSpeed('max');
  await playUntilStopped(app);
  const s = await app.api.state();
  expect(s.done).toBe(false);
  await expect(page.getByTestId('breakpoint-hit')).toContainText(`#${s.seq - 1}`);
  // said as the list says it
  await expect(page.getByTestId('breakpoint-hit')).toContainText('vm_state = ERROR');
});

test('G, or a click on the count, types an event number to go to; a wrong one is said', async ({
  app,
  page,
}) => {
  await app.api.step(3);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('g');
  const field = page.getByTestId('goto-event');
  await expect(field).toBeFocused();
  // the digits typed right after G go into the field
  await page.keyboard.type('45');
  await page.keyboard.press('Enter');
  // event #45 is the one at the cursor: 46 of them played
  await expect.poll(async () => (await app.api.state()).seq).toBe(46);
  await expect(page.getByTestId('seek-count')).toContainText('46 of');
  await expect(page.getByTestId('inspector').getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    '45',
  );
  const { eventCount } = await app.api.state();
  await page.getByTestId('seek-count').click();
  await field.fill(String(eventCount));
  await field.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'This run has events' })).toHaveText(
    `This run has events #0 to #${eventCount - 1}`,
  );
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill('x1');
  await field.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'not an event' })).toBeVisible();
  expect((await app.api.state()).seq).toBe(46);
  // Escape gives the count back, with the keyboard
  await field.press('Escape');
  await expect(field).toHaveCount(0);
  await expect(page.getByTestId('seek-count')).toBeFocused();
  // Enter too: the keyboard stays on the count, not at the top of the page
  await page.keyboard.press('Enter');
  await field.fill('10');
  await field.press('Enter');
  await expect.poll(async () => (await app.api.state()).seq).toBe(11);
  await expect(page.getByTestId('seek-count')).toBeFocused();
  // going to an event while playing stops there; opened by G from the page, the page has
  // the keyboard back: Space plays again
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await app.api.play();
  await page.keyboard.press('g');
  await page.keyboard.type('20');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await app.api.state()).seq).toBe(21);
  expect((await app.api.state()).playing).toBe(false);
  await expect(page.getByTestId('seek-count')).not.toBeFocused();
  await page.keyboard.press('Space');
  await expect.poll(async () => (await app.api.state()).playing).toBe(true);
  await app.api.pause();
  // presenting, Esc in the field closes the field alone
  await page.keyboard.press('f');
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
  await page.keyboard.press('g');
  await page.keyboard.press('3');
  await page.keyboard.press('Escape');
  await expect(field).toHaveCount(0);
  await expect(page.getByTestId('app')).toHaveClass(/presenting/);
});

test('a breakpoint on any failure stops where the boot first went wrong', async ({ app, page }) => {
  await loadFile(app, 'retries-exhausted.json');
  const spawnError = await firstSeq(app, (e) => e.type === 'hypervisor' && e.phase === 'error');
  const panel = page.getByTestId('breakpoints');
  // offered first in the list of kinds
  await expect(panel.getByTestId('bp-kind').locator('option').nth(1)).toHaveAttribute(
    'value',
    'failure',
  );
  await panel.getByTestId('bp-kind').selectOption('failure');
  await panel.getByTestId('bp-add').click();
  await expect(panel.getByTestId('bp-list')).toContainText('failure');
  await app.api.setSpeed('max');
  await playUntilStopped(app);
  expect((await app.api.state()).seq).toBe(spawnError + 1);
  await expect(page.getByTestId('breakpoint-hit')).toContainText(`#${spawnError}`);
});

test('a breakpoint on the first failure stops once, where the boot first went wrong, then plays to the end', async ({
  app,
  page,
}) => {
  await loadFile(app, 'retries-exhausted.json');
  const spawnError = await firstSeq(app, (e) => e.type === 'hypervisor' && e.phase === 'error');
  const panel = page.getByTestId('breakpoints');
  // offered after "failure", said what it is
  const option = panel.getByTestId('bp-kind').locator('option').nth(2);
  await expect(option).toHaveAttribute('value', 'first-failure');
  await expect(option).toContainText('first went wrong');
  await panel.getByTestId('bp-kind').selectOption('first-failure');
  await panel.getByTestId('bp-add').click();
  await expect(panel.getByTestId('bp-list')).toContainText('first-failure');
  await app.api.setSpeed('max');
  await playUntilStopped(app);
  expect((await app.api.state()).seq).toBe(spawnError + 1);
  await expect(page.getByTestId('breakpoint-hit')).toContainText(`#${spawnError}`);
  // the second spawn error, the end of the retries, ERROR, the client's end: no stop
  await playUntilStopped(app);
  expect((await app.api.state()).done).toBe(true);
});

test('a breakpoint on select_destinations stops play on that event and says why', async ({
  app,
  page,
}) => {
  await loadFile(app, 'host-down.json');
  const panel = page.getByTestId('breakpoints');
  await panel.getByTestId('bp-method').fill('select_destinations');
  await panel.getByTestId('bp-add').click();
  await expect(panel.getByTestId('bp-list')).toContainText('method = select_destinations');

  await app.api.setSpeed('max');
  await playUntilStopped(app);
  const target = await firstSeq(app, isSelectDestinations);
  const s = await app.api.state();
  expect(s.seq).toBe(target + 1);
  expect(s.done).toBe(false);

  const hit = page.getByTestId('breakpoint-hit');
  await expect(hit).toContainText('Breakpoint: method = select_destinations');
  await expect(hit).toContainText(`#${target}`);
  // which of the call's events it is: the conductor's send, to the broker
  await expect(hit).toContainText('call select_destinations (send) (nova-conductor → rabbitmq)');
  // in the narration's room, right above the sentence telling that event
  const narration = page.getByTestId('narration');
  await expect(narration).toHaveAttribute('data-seq', String(target));
  const [above, told] = [(await hit.boundingBox())!, (await narration.boundingBox())!];
  expect(above.y + above.height).toBeLessThanOrEqual(told.y);
  expect(told.y - (above.y + above.height)).toBeLessThan(12);
  await expect(page.locator('.narration-region').getByTestId('breakpoint-hit')).toHaveCount(1);

  // the inspector shows the current event: the call, decoded (a panel's view comes when it is on screen)
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    String(target),
  );
  await expect(inspector.getByTestId('rpc-method')).toHaveText('select_destinations');
  await expect(inspector.getByTestId('rpc-version')).toHaveText('4.5');
  const decoded = inspector.getByTestId('oslo-message');
  await expect(decoded).toContainText('"method": "select_destinations"');
  await expect(decoded).toContainText('"version": "4.5"');
  await expect(decoded).toContainText('"_context_request_id"');
  await expect(inspector.getByTestId('rpc-context')).toContainText('request_id');
  await expect(inspector.getByTestId('rpc-args')).toContainText('spec_obj');

  // stepping on clears the reason; playing on stops on the next match (the delivery)
  await app.api.step(1);
  await expect(hit).toHaveCount(0);
  await playUntilStopped(app);
  expect((await app.api.state()).seq).toBeGreaterThan(target + 2);
});

test("an object_action's inspector says what the save changes, above the whole object", async ({
  app,
  page,
}) => {
  await loadFile(app, 'one-boot.json');
  await page.evaluate(() => window.novaviz!.setBreakpoints([{ method: 'object_action' }]));
  await app.api.setSpeed('max');
  await playUntilStopped(app);
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  await expect(inspector.getByTestId('rpc-method')).toHaveText('object_action');
  // nova-compute's first save: _do_build_and_run_instance sets building, task_state None
  const changes = inspector.getByTestId('object-changes');
  await expect(inspector).toContainText('Instance.save(): the fields it changes');
  // obj_what_changed: the fields set, with ec2_ids and the conductor's tags
  await expect(changes.locator('dt')).toHaveText(['ec2_ids', 'tags', 'task_state', 'vm_state']);
  await expect(changes.locator('dd').nth(0)).toHaveText('EC2Ids {…}');
  await expect(changes.locator('dd').nth(2)).toHaveText('None');
  await expect(changes.locator('dd').nth(3)).toHaveText('building');
  await expect(inspector.getByTestId('rpc-args')).toContainText('"system_metadata"');
});

test("a reschedule's build_instances shows the hosts tried and why the build failed", async ({
  app,
  page,
}) => {
  await loadFile(app, 'reschedule.json');
  await page.evaluate(() => window.novaviz!.setBreakpoints([{ method: 'build_instances' }]));
  await app.api.setSpeed('max');
  await playUntilStopped(app);
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  await expect(inspector.getByTestId('rpc-method')).toHaveText('build_instances');
  await expect(inspector).toContainText("A reschedule: filter_properties['retry']");
  const retry = inspector.getByTestId('retry-info');
  await expect(retry.locator('dd')).toHaveText([
    '1',
    'host1',
    'Virtual machine vm1 failed to start: internal error: process exited while connecting to monitor',
  ]);
  // the alternate's build carries both hosts; the reason is exc's last line
  await page.evaluate(() => window.novaviz!.setBreakpoints([{ method: 'build_and_run_instance' }]));
  await playUntilStopped(app);
  await expect(inspector.getByTestId('rpc-method')).toHaveText('build_and_run_instance');
  await expect(retry.locator('dd').nth(1)).toHaveText('host1, host2');
  await expect(retry.locator('dd').nth(2)).toContainText('RescheduledException: Build of instance');
});

test('setBreakpoints from a script: acknowledged, and an unknown field is refused', async ({
  app,
  page,
}) => {
  await loadFile(app, 'host-down.json');
  const refused = await page.evaluate(() =>
    window.novaviz!.setBreakpoints([{ methd: 'x' } as never]).then(
      () => null,
      (e: Error) => e.message,
    ),
  );
  expect(refused).toContain('"methd"');
  await page.evaluate(() =>
    window.novaviz!.setBreakpoints([{ process: 'nova-scheduler', kind: 'schedule' }]),
  );
  await expect(page.getByTestId('bp-list')).toContainText(
    'process = nova-scheduler, kind = schedule',
  );
  await app.api.setSpeed('max');
  await playUntilStopped(app);
  const target = await firstSeq(app, (e) => e.type === 'schedule');
  expect((await app.api.state()).seq).toBe(target + 1);
  // a single step is never stopped; clearing the list lets play run to the end
  await page.evaluate(() => window.novaviz!.setBreakpoints([]));
  await expect(page.getByTestId('bp-list')).toHaveCount(0);
  await playToEnd(app);
});

test('stepping back returns the identical state: trace hash and database rows', async ({
  app,
  page,
}) => {
  const db = page.getByTestId('db-view');
  // On screen: off screen the worker does not send the panel's view. The page above it grows
  // as the run goes: scroll to it again after each move. Its text is read as textContent,
  // which does not depend on whether the browser has rendered it yet (content-visibility).
  await app.api.step(100);
  // where the latest write is the conductor creating the instance record
  const insert = await firstSeq(app, (e) => e.type === 'db' && e.table === 'instances');
  await app.api.seek(insert + 1);
  await db.scrollIntoViewIfNeeded();
  const a = await app.api.state();
  await expect(db).toContainText(`after event #${a.seq - 1}`);
  await expect(db.getByTestId('db-rows')).toBeVisible();
  const before = await db.textContent();

  await app.api.step(45);
  await db.scrollIntoViewIfNeeded();
  const b = await app.api.state();
  await expect(db).toContainText(`after event #${b.seq - 1}`);
  expect(await db.textContent()).not.toBe(before);

  await app.api.stepBack(45);
  await db.scrollIntoViewIfNeeded();
  const c = await app.api.state();
  expect(c.seq).toBe(a.seq);
  expect(c.traceHash).toBe(a.traceHash);
  await expect(db).toContainText(`after event #${a.seq - 1}`);
  await expect.poll(() => db.textContent()).toBe(before);

  // the same with a table picked by hand: the cell DB's instances at the end, then back
  await playToEnd(app);
  await db.scrollIntoViewIfNeeded();
  await db.getByTestId('db-tab-nova-cell1-db').click();
  await db.getByTestId('table-tab-instances').click();
  await expect(db.getByTestId('db-follow')).not.toBeChecked();
  await expect(db.getByTestId('db-rows')).toContainText('active');
  const end = await app.api.state();
  const rowsAtEnd = await db.getByTestId('db-rows').textContent();
  await app.api.stepBack(30);
  await db.scrollIntoViewIfNeeded();
  await expect.poll(() => db.getByTestId('db-rows').textContent()).not.toBe(rowsAtEnd);
  await app.api.step(30);
  await db.scrollIntoViewIfNeeded();
  expect((await app.api.state()).traceHash).toBe(end.traceHash);
  await expect.poll(() => db.getByTestId('db-rows').textContent()).toBe(rowsAtEnd);

  // the keys of the ARIA tabs pattern: the arrows, Home and End choose as they move
  const tables = db.getByRole('tablist', { name: /^table$/i }).getByRole('tab');
  const names = await tables.allTextContents();
  const at = names.findIndex((n) => n.startsWith('instances '));
  await db.getByTestId('table-tab-instances').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tables.nth(at + 1)).toBeFocused();
  await expect(tables.nth(at + 1)).toHaveAttribute('aria-selected', 'true');
  await expect(db.getByTestId('table-tab-instances')).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('End');
  await expect(tables.last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(tables.first()).toHaveAttribute('aria-selected', 'true');
  await expect(tables.first()).toHaveAttribute('tabindex', '0');
  await expect(tables.last()).toHaveAttribute('tabindex', '-1');
  const databases = db.getByRole('tablist', { name: /^database$/i }).getByRole('tab');
  const cell1 = (await databases.allTextContents()).indexOf('nova-cell1-db');
  expect(cell1).toBeGreaterThan(0);
  await databases.nth(cell1).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(databases.nth(cell1 - 1)).toHaveAttribute('aria-selected', 'true');
  await expect(databases.nth(cell1)).toHaveAttribute('aria-selected', 'false');
});

test('the database view marks the cells an update wrote and scrolls the wide row to them', async ({
  app,
  page,
}) => {
  const db = page.getByTestId('db-view');
  // the compute's save to vm_state active: a column far to the right of the instances row
  const save = await firstSeq(
    app,
    (e) =>
      e.type === 'db' &&
      e.table === 'instances' &&
      e.op === 'update' &&
      (e.fields as Record<string, unknown>).vm_state === 'active',
  );
  await app.api.seek(save + 1);
  await db.scrollIntoViewIfNeeded();
  const cells = db.locator('tr[data-changed="update"] td.cell-changed');
  await expect(cells.first()).toBeVisible();
  const names = await db.locator('thead th').allTextContents();
  const changed = await cells.evaluateAll((tds) =>
    tds.map((td) => (td as HTMLTableCellElement).cellIndex),
  );
  expect(changed.map((i) => names[i])).toContain('vm_state');
  // the first written cell is inside the scrolled box, not off to its right
  const box = (await db.locator('.scroll-x').boundingBox())!;
  const cell = (await cells.first().boundingBox())!;
  expect(cell.x).toBeGreaterThanOrEqual(box.x);
  expect(cell.x + cell.width).toBeLessThanOrEqual(box.x + box.width + 1);
});

test('a delete: the inspector shows the row it deleted, the database view keeps it struck through', async ({
  app,
  page,
}) => {
  await loadFile(app, 'no-valid-host.json');
  const del = await firstSeq(
    app,
    (e) => e.type === 'db' && e.table === 'build_requests' && e.op === 'delete',
  );
  await app.api.seek(del + 1);
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  const gone = inspector.getByTestId('db-row-deleted');
  await expect(gone).toContainText('"instance_uuid"');
  await expect(gone).toContainText('"project_id"');
  // two events on, the delete is still the latest write: its table stays followed
  await app.api.seek(del + 3);
  const db = page.getByTestId('db-view');
  await db.scrollIntoViewIfNeeded();
  await expect(db).toContainText(`nova-api-db · build_requests after event #${del + 2}`);
  await expect(db).toContainText('0 rows');
  await expect(db.locator('tr[data-gone]')).toHaveCount(1);
  await expect(db.locator('tr[data-gone]')).toHaveAttribute(
    'title',
    `deleted by event #${del}, the latest write`,
  );
});

test('host-down: the scheduler table shows host1 rejected by ComputeFilter', async ({
  app,
  page,
}) => {
  await loadFile(app, 'host-down.json');
  await playToEnd(app);
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  await inspector.getByTestId('inspector-target').selectOption('process:nova-scheduler');
  const table = inspector.getByTestId('scheduler-table');
  await expect(table).toBeVisible();
  const host1 = table.getByTestId('sched-host-host1');
  const cell = host1.locator('td[data-filter="ComputeFilter"]');
  await expect(cell).toHaveAttribute('data-result', 'fail');
  await expect(cell).toHaveAttribute('title', /has not been heard from in a while/);
  // beside the diagram each host is a card: why it was turned away is said without a click
  await expect(cell.locator('.reason-inline')).toBeVisible();
  await expect(cell.locator('.reason-inline')).toContainText('has not been heard from in a while');
  await expect(host1).toContainText('rejected');
  await expect(table.getByTestId('sched-host-host3')).toContainText('chosen');
  await expect(
    table.getByTestId('sched-host-host3').locator('td[data-filter="ComputeFilter"]'),
  ).toHaveAttribute('data-result', 'pass');

  // a compute host and a queue from the same picker
  await inspector.getByTestId('inspector-target').selectOption('process:nova-compute@host3');
  await expect(inspector.getByTestId('compute-host')).toContainText('vm1');
  await expect(inspector.getByTestId('compute-state')).toHaveText('up');
  // the host the scheduler turned away: its nova-compute has been silent past 60 s
  await inspector.getByTestId('inspector-target').selectOption('process:nova-compute@host2');
  await expect(inspector.getByTestId('compute-state')).toHaveText('down');
  await expect(inspector.getByTestId('compute-host')).toContainText('seen as down after 60 s');
  await inspector.getByTestId('inspector-target').selectOption('process:queue:scheduler');
  await expect(inspector.getByTestId('queue-detail')).toContainText('nova-scheduler');
  await expect(inspector.getByTestId('process-detail').locator('.inspect-title')).toHaveText(
    'Queue scheduler',
  );
  // a caller's reply queue, listed under the process that consumes it
  const reply = inspector.locator('optgroup[label="Reply queues"] option', {
    hasText: /^nova-conductor: reply_[0-9a-f]{32}$/,
  });
  await inspector
    .getByTestId('inspector-target')
    .selectOption((await reply.getAttribute('value'))!);
  await expect(inspector.getByTestId('queue-detail')).toContainText(
    "The replies to nova-conductor's calls come back here",
  );
});

test('no valid host: the scheduler table says what placement lacked on each host', async ({
  app,
  page,
}) => {
  await loadFile(app, 'no-valid-host.json');
  await playToEnd(app);
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  await inspector.getByTestId('inspector-target').selectOption('process:nova-scheduler');
  const table = inspector.getByTestId('scheduler-table');
  // m1.xlarge asks 8 vCPUs, 16 GB and 160 GB of hosts that have 4, 4 GB and 40 GB: one
  // allocation may take no more, and each class is said (fixing vCPUs alone would not do)
  for (const host of ['host1', 'host2']) {
    const why = table.getByTestId(`shortfall-${host}`);
    await expect(why).toBeVisible();
    await expect(why).toHaveText(
      'VCPU: 8 asked, max_unit 4; MEMORY_MB: 16384 asked, max_unit 4096; DISK_GB: 160 asked, max_unit 40',
    );
    await expect(why).toHaveAttribute('title', /the most one allocation may take/);
  }
});

test('the scheduler decision is a card a host beside the diagram, a table across the page', async ({
  app,
  page,
}) => {
  await loadFile(app, 'host-down.json');
  await playToEnd(app);
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  await inspector.getByTestId('inspector-target').selectOption('process:nova-scheduler');
  const table = inspector.getByTestId('scheduler-table');
  const scroller = inspector.locator('.sched .scroll-x');
  // Nova's ComputeFilter line is the same for both hosts: the card says which case each is
  const host1 = table.locator('tr', { hasText: 'host1' }).locator('.reason-inline');
  await expect(host1.getByTestId('service-why')).toHaveText(/forced down/);
  const host2 = table.locator('tr', { hasText: 'host2' }).locator('.reason-inline');
  await expect(host2.getByTestId('service-why')).toHaveText(
    /No report from its service for \d+\u00a0s, more than service_down_time \(60\u00a0s\)/,
  );
  // 1440 wide: the inspector is a column beside the diagram, each host a card, no sideways scroll
  await expect(table.locator('thead')).toBeHidden();
  const host3 = table.getByTestId('sched-host-host3');
  await expect(host3.locator('td.card-only').first()).toHaveText(/passed all 5 filters/);
  await expect(host3.locator('td.card-only').last()).toContainText('(RAM 0 · CPU 0');
  await expect(host3.locator('td[data-result="pass"]').first()).toBeHidden();
  const fail = table.getByTestId('sched-host-host1').locator('td[data-filter="ComputeFilter"]');
  await expect(fail).toBeVisible();
  await expect(
    table.getByTestId('sched-host-host1').locator('td[data-result="skipped"]').first(),
  ).toBeHidden();
  await expect(inspector.locator('.sched-funnel')).toHaveText(
    'Hosts left after each filter: Compute 1 → ComputeCapabilities 1 → ImageProperties 1 → ServerGroupAntiAffinity 1 → ServerGroupAffinity 1',
  );
  expect(await scroller.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
  // 1200 wide: the inspector takes the page's width under the diagram, the table has room
  await page.setViewportSize({ width: 1200, height: 800 });
  // the inspector moves under the diagram: it is laid out again
  await expect(async () => {
    await table.scrollIntoViewIfNeeded({ timeout: 1000 });
    await expect(table.locator('thead')).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(host3.locator('td.card-only').first()).toBeHidden();
  // a table folds the reason in its cell, opened on a click
  const failed = table.getByTestId('sched-host-host1').locator('td[data-filter="ComputeFilter"]');
  await expect(failed.locator('.reason-inline')).toBeHidden();
  await failed.locator('summary').click();
  await expect(failed.locator('details .reason')).toContainText('has not been heard from');
  await expect(host3.locator('td[data-result="pass"]').first()).toBeVisible();
  await expect(inspector.locator('.sched-funnel')).toBeHidden();
});

test('clicking a message in the timeline seeks to it; the keyboard does too', async ({
  app,
  page,
}) => {
  await playToEnd(app);
  const timeline = page.getByTestId('timeline');
  await timeline.scrollIntoViewIfNeeded();
  const message = timeline
    .getByTestId('timeline-message')
    .filter({ hasText: 'select_destinations' })
    .first();
  const seq = Number(await message.getAttribute('data-seq'));
  await message.click();
  await expect.poll(async () => (await app.api.state()).seq).toBe(seq + 1);
  await expect(message).toHaveAttribute('aria-current', 'step');
  // later messages are drawn as not happened yet
  await expect(timeline.locator('.tl-row.future').first()).toBeVisible();
  await page.getByTestId('inspector').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('inspector').getByTestId('rpc-method')).toHaveText(
    'select_destinations',
  );

  await message.focus();
  await page.keyboard.press('ArrowDown');
  const next = Number(
    await timeline.locator('[data-testid="timeline-message"]:focus').getAttribute('data-seq'),
  );
  expect(next).toBeGreaterThan(seq);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await app.api.state()).seq).toBe(next + 1);
});

test('a link to an event the cursor has not reached says so, until the cursor passes it', async ({
  app,
  page,
}) => {
  await loadFile(app, 'rpc-timeout.json');
  const drop = await firstSeq(app, (e) => e.type === 'mq' && e.op === 'drop');
  const timeout = await firstSeq(app, (e) => e.type === 'mq' && e.op === 'timeout');
  await app.api.seek(drop + 1);
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute('data-seq', String(drop));
  // the call's timeout, a minute later: in the trace, not yet played
  const later = inspector.locator('button.link', { hasText: `#${timeout} ` });
  await expect(later).toHaveAttribute('data-ahead', 'true');
  await expect(later).toContainText('not played yet');
  await expect(inspector.locator('button.link[data-ahead]')).toHaveCount(1);
  // at the timeout, what it goes back to is all played
  await app.api.seek(timeout + 1);
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    String(timeout),
  );
  await expect(inspector.locator('button.link', { hasText: `#${drop} ` }).first()).toBeVisible();
  await expect(inspector.locator('button.link[data-ahead]')).toHaveCount(0);
});

test('a row of the events list opens its event in the inspector; REST pairs request and response', async ({
  app,
  page,
}) => {
  await app.api.step(70);
  const post = await firstSeq(app, (e) => e.type === 'rest' && e.method === 'POST');
  await app.api.seek(post + 3);
  await page.getByTestId('events').locator(`tr[data-seq="${post}"]`).click();
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute('data-seq', String(post));
  await expect(inspector).toContainText('POST /v2.1/servers');
  // the response has not happened yet at the cursor, but the trace has it: 202, said ahead
  await expect(inspector.getByTestId('rest-status')).toHaveText('202');
  await expect(inspector.getByTestId('rest-response')).toContainText('"adminPass"');
  await expect(inspector.getByTestId('rest-response').getByTestId('rest-ahead')).toHaveText(
    'not played yet',
  );
  await expect(inspector.getByTestId('rest-request').getByTestId('rest-ahead')).toHaveCount(0);
  await expect(inspector.getByTestId('rest-status-ahead')).toHaveText('not played yet');
  await inspector.getByTestId('inspector-follow').click();
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    String(post + 2),
  );

  // keystone's answer to nova-api: the token it validated
  const token = await firstSeq(
    app,
    (e) => e.type === 'rest' && e.phase === 'response' && e.from === 'keystone',
  );
  await app.api.seek(token + 1);
  await expect(inspector.getByTestId('rest-response')).toContainText('"roles"');
  // played: nothing ahead
  await expect(inspector.getByTestId('rest-ahead')).toHaveCount(0);
  await expect(inspector.getByTestId('rest-status-ahead')).toHaveCount(0);

  // placement's candidates: the trace leaves them out, the worker rebuilds them, and says so
  const candidates = await firstSeq(
    app,
    (e) => e.type === 'rest' && e.phase === 'response' && e.from === 'placement-api',
  );
  await app.api.seek(candidates + 1);
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    String(candidates),
  );
  await expect(inspector.getByTestId('rest-request')).toContainText('no body');
  const response = inspector.getByTestId('rest-response');
  await expect(response.getByTestId('rest-body-rebuilt')).toContainText(
    'Rebuilt from the placement tables at this response',
  );
  await expect(response.getByTestId('rest-body-rebuilt')).toContainText('1 of 1 candidates shown');
  await expect(response).toContainText('"allocation_requests"');
  await expect(response).toContainText('"provider_summaries"');
});

test('the debugger speaks Japanese', async ({ app, page }) => {
  await app.api.step(40);
  await page.evaluate(() => window.novaviz!.setLanguage('ja'));
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 2 })).toHaveText(
    'インスペクター',
  );
  await expect(page.getByTestId('breakpoints').getByRole('heading', { level: 2 })).toHaveText(
    'ブレークポイント',
  );
  await expect(page.getByTestId('timeline').getByRole('heading', { level: 2 })).toHaveText(
    'タイムライン',
  );
  await expect(page.getByTestId('db-view')).toContainText('直近の書き込みに追従');
  // the timeline says a write's operation in Japanese, Nova's table names as they are
  const timeline = page.getByTestId('timeline');
  await timeline.scrollIntoViewIfNeeded();
  await expect(timeline.locator('.tl-label', { hasText: '挿入 instances' }).first()).toBeAttached();
  await expect(timeline.locator('.tl-label', { hasText: 'insert instances' })).toHaveCount(0);
  // so does the inspector: a write's operation, and the other events of a message
  const inspector = page.getByTestId('inspector');
  const write = await firstSeq(app, (e) => e.type === 'db' && e.op === 'insert');
  await app.api.seek(write + 1);
  await expect(inspector.locator('.badge.op-insert')).toHaveText('挿入');
  const deliver = await firstSeq(app, (e) => e.type === 'rpc' && e.phase === 'deliver');
  await app.api.seek(deliver + 1);
  await expect(inspector.locator('ul.related')).toContainText('送信: ');
  await expect(inspector.locator('ul.related')).not.toContainText('send:');
});

test('a step back after a seek gives the hash of the event before, as a fresh run does', async ({
  app,
}) => {
  await loadFile(app, 'ten-boots-three-hosts.json');
  await app.api.seek(700);
  const at700 = await app.api.state();
  // jump around: far ahead, back to the start, then to just after 700 and one step back
  await app.api.seek(1500);
  await app.api.seek(3);
  await app.api.seek(701);
  await app.api.stepBack(1);
  expect(await app.api.state()).toMatchObject({ seq: 700, traceHash: at700.traceHash });
  // and stepping forward from there gives what a seek does
  await app.api.step(1);
  const stepped = await app.api.state();
  await app.api.seek(100);
  await app.api.seek(701);
  expect((await app.api.state()).traceHash).toBe(stepped.traceHash);
});

test('a database update shows what it replaced; a spawn error shows the reason', async ({
  app,
  page,
}) => {
  await loadFile(app, 'reschedule.json');
  const inspector = page.getByTestId('inspector');
  // the claim aborted after the failed spawn: host and node go back to NULL
  const unset = await firstSeq(
    app,
    (e) =>
      e.type === 'db' &&
      e.table === 'instances' &&
      e.op === 'update' &&
      (e.fields as Record<string, unknown>).host === null,
  );
  await app.api.seek(unset + 1);
  await inspector.scrollIntoViewIfNeeded();
  const host = inspector.getByTestId('db-before-after').locator('tr', { hasText: 'host' }).first();
  await expect(host).toContainText('host1');
  await expect(host).toContainText('NULL');
  await expect(host).toHaveClass(/diff/);

  const failed = await firstSeq(app, (e) => e.type === 'hypervisor' && e.phase === 'error');
  await app.api.seek(failed + 1);
  await expect(inspector.getByTestId('event-error')).toContainText('failed to start');

  // the notification that reports it says which exception, raised where
  const notified = await firstSeq(
    app,
    (e) => e.type === 'notification' && e.event_type === 'instance.create.error',
  );
  await app.api.seek(notified + 1);
  const error = inspector.getByTestId('event-error');
  await expect(error).toContainText(
    'instance.create.error carries Exception, raised in nova.virt.fake.spawn',
  );
  await expect(error).toContainText('failed to start');
});

test('at the end of a failed boot, the fault row and the failed call are marked as errors', async ({
  app,
  page,
}) => {
  await loadFile(app, 'retries-exhausted.json');
  const inspector = page.getByTestId('inspector');
  const fault = await firstSeq(app, (e) => e.type === 'db' && e.table === 'instance_faults');
  await app.api.seek(fault + 1);
  await inspector.scrollIntoViewIfNeeded();
  const error = inspector.getByTestId('event-error');
  await expect(error).toContainText('The instance’s fault is recorded (code 500, by conductor)');
  await expect(error).toContainText('Exceeded maximum number of retries');
  // the step before it writes no fault: no callout
  await app.api.stepBack(1);
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    String(fault - 1),
  );
  await expect(error).toHaveCount(0);
  // the databases' row of the fault opens its write, whole, in the inspector
  await app.api.seek(fault + 5);
  const db = page.getByTestId('db-view');
  await db.scrollIntoViewIfNeeded();
  await db.getByRole('tab', { name: /instance_faults/ }).click();
  // the link to the write is beside the key, not past the row's wide cells
  const lastWrite = db.locator('tbody tr', { hasText: 'Exceeded maximum' }).getByRole('button');
  const panel = (await db.boundingBox())!;
  const link = (await lastWrite.boundingBox())!;
  expect(link.x + link.width).toBeLessThanOrEqual(panel.x + panel.width);
  await lastWrite.click();
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute('data-seq', String(fault));
  await expect(error).toContainText('Exceeded maximum number of retries');
  // the fault goes back to the last spawn that failed, and that to the fault the scenario injected
  const lastSpawn = (await traceEvents(app))
    .filter((e) => e.type === 'hypervisor' && e.phase === 'error')
    .at(-1)!;
  const cause = inspector.getByTestId('event-cause');
  await expect(cause).toContainText(`Goes back to #${lastSpawn.seq} hypervisor@host2: spawn error`);
  await cause.getByRole('button').click();
  await expect(inspector.getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    String(lastSpawn.seq),
  );
  await expect(error).toContainText('failed to start');
  await cause.getByRole('button').click();
  await expect(inspector.getByTestId('inspector-event')).toContainText('Injected fault');
  await expect(cause).toHaveCount(0);

  await loadFile(app, 'no-valid-host.json');
  const reply = await firstSeq(
    app,
    (e) => e.type === 'rpc' && e.phase === 'reply' && e.outcome === 'failure',
  );
  await app.api.seek(reply + 1);
  await expect(error).toContainText('The callee raised nova.exception.NoValidHost');
  await expect(error).toContainText('No valid host was found.');
});

test('the scheduler table tells a host the filters turned away from one that was only weighed lower', async ({
  app,
  page,
}) => {
  const img = '155d900f-4e14-4e4c-a73d-069cbf4541e6';
  const host = (name: string) => ({ name, vcpus: 8, memory_mb: 8192, disk_gb: 100 });
  expect(
    await app.api.load({
      format: 'nova-boot-visualizer/scenario@1',
      name: 'four hosts',
      seed: 1,
      cloud: {
        hosts: [
          { ...host('down1'), forced_down: true },
          host('a'),
          host('b'),
          host('c'),
          host('d'),
        ],
        flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
        images: [{ id: img, name: 'cirros' }],
      },
      requests: [{ at: 0, name: 'vm1', flavorRef: '1', imageRef: img, networks: 'none' }],
    }),
  ).toBeNull();
  await playToEnd(app);
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  await inspector.getByTestId('inspector-target').selectOption('process:nova-scheduler');
  const rows = inspector.getByTestId('scheduler-table').locator('tbody tr');
  await expect(rows).toHaveCount(5);
  const results = await rows.locator('td.sticky-result').allTextContents();
  // one chosen, two alternates (max_attempts 3), one passed but weighed lower, one turned away
  expect(results.filter((r) => r === 'chosen')).toHaveLength(1);
  expect(results.filter((r) => r === 'alternate')).toHaveLength(2);
  expect(results.filter((r) => r === 'passed, weighed lower')).toHaveLength(1);
  await expect(inspector.getByTestId('sched-host-down1')).toContainText('rejected');
});

test('a failed boot says why where it ends: the narration and the instances table show the fault', async ({
  app,
  page,
}) => {
  await loadFile(app, 'no-valid-host.json');
  await app.api.setSpeed('max');
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 30_000 }).toBe(true);
  await expect(page.getByTestId('narration')).toContainText('Why: No valid host was found.');
  const row = app.instances.locator('tbody tr[data-instance]');
  await expect(row).toContainText('error');
  await expect(row.locator('td.fault')).toHaveText('No valid host was found.');
  await expect(app.instances.locator('thead')).toContainText('Fault (why)');
});

test('a boot that failed on every host names the hosts and the hypervisor’s last error', async ({
  app,
  page,
}) => {
  await loadFile(app, 'retries-exhausted.json');
  await app.api.setSpeed('max');
  await app.api.play();
  await expect.poll(async () => (await app.api.state()).done, { timeout: 30_000 }).toBe(true);
  const narration = page.getByTestId('narration');
  await expect(narration).toContainText('Why: Exceeded maximum number of retries.');
  await expect(narration).toContainText('The hypervisor failed on host1 and host2; the last said:');
  const fault = app.instances.locator('tbody tr[data-instance] td.fault');
  await expect(fault).toHaveAttribute('title', /The hypervisor failed on host1 and host2/);
  // and says them in the table itself, under the fault, which does not name them
  await expect(fault.getByTestId('fault-hosts')).toHaveText(
    'The hypervisor failed on host1 and host2',
  );
  // within the panel, however narrow (on a 1280 px laptop, beside the inspector)
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 800 });
    await fault.scrollIntoViewIfNeeded();
    const cell = (await fault.boundingBox())!;
    const panel = (await app.instances.boundingBox())!;
    expect(cell.x + cell.width).toBeLessThanOrEqual(panel.x + panel.width);
  }
  // the inspector, on the request's last event, says it failed before its record
  const inspector = page.getByTestId('inspector');
  await inspector.scrollIntoViewIfNeeded();
  const failure = inspector.getByTestId('event-error');
  await expect(failure).toContainText('openstack server create for vm1 ended: ERROR');
  await expect(failure).toContainText('Exceeded maximum number of retries.');
});

test("the timeline's buttons and ] and [ step through its boot request, over the other requests' events", async ({
  app,
  page,
}) => {
  await loadFile(app, 'ten-boots-three-hosts.json');
  const events = (await traceEvents(app)) as { seq: number; request_id?: string | null }[];
  const timeline = page.getByTestId('timeline');
  await timeline.scrollIntoViewIfNeeded();
  const picker = timeline.getByTestId('timeline-request');
  const second = await picker.locator('option').nth(1).getAttribute('value');
  // a request is named by its request id, req- kept: bare, its hex read as the server's uuid
  await expect(picker.locator('option').nth(1)).toHaveText(
    new RegExp(` · ${second!.slice(0, 12)}$`),
  );
  await picker.selectOption(second!);
  await expect(picker).toHaveValue(second!);
  const own = events.filter((e) => e.request_id === second).map((e) => e.seq);
  // the current event is the last one played
  const current = async () => (await app.api.state()).seq - 1;

  await timeline.getByTestId('request-step').click();
  await expect.poll(current).toBe(own[0]);
  await page.keyboard.press(']');
  await expect.poll(current).toBe(own[1]);
  await page.keyboard.press(']');
  await expect.poll(current).toBe(own[2]);
  // the other requests' events in between were passed over
  const skipped = events.slice(own[0]! + 1, own[2]!).filter((e) => e.request_id !== second);
  expect(skipped.length).toBeGreaterThan(0);
  await page.keyboard.press('[');
  await expect.poll(current).toBe(own[1]);
  await timeline.getByTestId('request-step-back').click();
  await expect.poll(current).toBe(own[0]);
  await expect(timeline.locator('.tl-row.current')).toHaveAttribute('data-seq', String(own[0]));
});

test("the request id field of a breakpoint suggests the run's boot requests, by server name", async ({
  app,
  page,
}) => {
  await loadFile(app, 'ten-boots-three-hosts.json');
  const posts = (await traceEvents(app)).filter(
    (e) => e.type === 'rest' && e.phase === 'request' && e.path === '/v2.1/servers',
  );
  await page.getByTestId('timeline').scrollIntoViewIfNeeded();
  const field = page.getByTestId('breakpoints').getByTestId('bp-request_id');
  // suggested once the timeline has listed the requests
  await expect(field).toHaveAttribute('list', 'bp-request_id-choices');
  const options = page.locator('#bp-request_id-choices option');
  await expect(options).toHaveCount(posts.length);
  expect(await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(
    posts.map((e) => e.request_id),
  );
  await expect(options.first()).toHaveAttribute('label', 'web-1');
});

test('during a broker outage, the inspector says what a process holds and waits on', async ({
  app,
  page,
}) => {
  await loadFile(app, 'broker-outage.json');
  const held = await firstSeq(
    app,
    (e) => e.type === 'mq' && e.op === 'held' && e.by === 'nova-scheduler',
  );
  await app.api.seek(held + 1);
  await page.getByTestId('node-nova-scheduler').click();
  const waits = page.getByTestId('inspector').getByTestId('process-held');
  await expect(waits).toContainText('scheduler.select_destinations.start');
  await expect(waits).toContainText('versioned_notifications.info');
  // once RabbitMQ is back, it holds nothing
  const up = await firstSeq(app, (e) => e.type === 'mq' && e.op === 'released');
  await app.api.seek(up + 1);
  await expect(waits).toHaveCount(0);
});

test('a message held while RabbitMQ is down is told in fields: publisher, queue, when it went, how long it waited', async ({
  app,
  page,
}) => {
  await loadFile(app, 'broker-outage.json');
  const trace = await traceEvents(app);
  const held = trace.find((e) => e.type === 'mq' && e.op === 'held' && e.msg_id !== null)!;
  const released = trace.find(
    (e) => e.type === 'mq' && e.op === 'released' && e.msg_id === held.msg_id,
  )!;
  await app.api.seek((held.seq as number) + 1);
  const detail = page.getByTestId('inspector').getByTestId('mq-detail');
  await detail.scrollIntoViewIfNeeded();
  await expect(detail).toContainText(`Publisher${held.by as string}`);
  await expect(detail).toContainText(`Queue${held.queue as string}`);
  const release = detail.locator('button.link', { hasText: `#${released.seq as number} ` });
  await expect(release).toContainText('handed over');
  await expect(release).toHaveAttribute('data-ahead', 'true');
  const s = ((released.t as number) - (held.t as number)) / 1000;
  await expect(detail).toContainText(`${s.toFixed(3)} s`);
  // the record's JSON is there on demand, not in the way
  const record = detail.locator('details.record');
  await expect(record.locator('pre')).toBeHidden();
  await record.locator('summary').click();
  await expect(record.locator('pre')).toContainText('"op": "held"');
  // from the release, the link goes back to the hold
  await release.click();
  await expect(page.getByTestId('inspector-event')).toHaveAttribute(
    'data-seq',
    String(released.seq),
  );
  await expect(detail.locator('button.link', { hasText: `#${held.seq as number} ` })).toContainText(
    'held',
  );
});

test('an event with no view of its own reads as facts: a notification, a hypervisor spawn', async ({
  app,
  page,
}) => {
  const trace = await traceEvents(app);
  const notice = trace.find((e) => e.type === 'notification')!;
  await app.api.seek((notice.seq as number) + 1);
  const detail = page.getByTestId('inspector').getByTestId('other-detail');
  await detail.scrollIntoViewIfNeeded();
  await expect(detail.locator('.facts')).toContainText(`event_type${notice.event_type as string}`);
  await expect(detail.locator('.facts')).toContainText(`publisher${notice.publisher as string}`);
  // the payload under its name, open; the record folded
  await expect(detail.locator('h3', { hasText: 'payload' })).toBeVisible();
  await expect(detail.locator('pre').first()).toContainText('"nova_object.name"');
  await expect(detail.locator('details.record pre')).toBeHidden();

  const spawn = trace.find((e) => e.type === 'hypervisor' && e.op === 'spawn')!;
  await app.api.seek((spawn.seq as number) + 1);
  await expect(detail.locator('.facts')).toContainText(`host${spawn.host as string}`);
  await expect(detail.locator('.facts')).toContainText('opspawn');
  await expect(detail.locator('h3')).toHaveCount(0);
});

test("beside the diagram on a 1280 px laptop, the conductor's builds fit the inspector: attempt, last step, the call waited on", async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const call = await firstSeq(
    app,
    (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'select_destinations',
  );
  await app.api.seek(call + 1);
  await page.getByTestId('node-nova-conductor').click();
  const inspector = page.getByTestId('inspector');
  const builds = inspector.getByTestId('conductor-builds');
  await expect(builds.getByTestId('build-attempts')).toHaveText('attempt 1');
  await expect(builds.getByTestId('build-waiting')).toContainText(
    'waiting on #' + String(call) + ' select_destinations → scheduler',
  );
  const fits = async () => {
    const table = (await builds.boundingBox())!;
    const panel = (await inspector.boundingBox())!;
    return table.x + table.width <= panel.x + panel.width;
  };
  expect(await fits()).toBe(true);
  // the longest step's name, in Japanese, on a 1280 × 720 projector: broken after a _
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.evaluate(() => window.novaviz!.setLanguage('ja'));
  const cast = await firstSeq(
    app,
    (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'build_and_run_instance',
  );
  await app.api.seek(cast + 1);
  await expect(builds).toContainText('build_and_run_instance');
  await expect(builds.getByTestId('build-attempts')).toHaveText('試行 1');
  expect(await fits()).toBe(true);
});

test('with several boots, the sentence names the server it is about', async ({ app, page }) => {
  await expect(page.getByTestId('narration-server')).toHaveCount(0);
  await app.api.step(40);
  // one boot: no need to say which
  await expect(page.getByTestId('narration')).toBeVisible();
  await expect(page.getByTestId('narration-server')).toHaveCount(0);
  await loadFile(app, 'ten-boots-three-hosts.json');
  const events = await traceEvents(app);
  // a spawn of a server other than the first
  const spawn = events.filter((e) => e.type === 'hypervisor' && e.phase === 'start')[3]!;
  await app.api.seek((spawn.seq as number) + 1);
  const row = app.instances.locator(`tr[data-instance="${String(spawn.instance)}"] td`).first();
  await row.scrollIntoViewIfNeeded();
  const name = (await row.textContent())!;
  expect(name).toMatch(/\S/);
  await expect(page.getByTestId('narration-server')).toHaveText(name);
});

test('the timeline follows the cursor sideways to a lane off to its right', async ({
  app,
  page,
}) => {
  // a laptop's width: the timeline's sixteen lanes are wider than its panel
  await page.setViewportSize({ width: 1366, height: 768 });
  await loadFile(app, 'reschedule.json');
  const spawn = await firstSeq(app, (e) => e.type === 'hypervisor' && e.phase === 'start');
  const timeline = page.getByTestId('timeline');
  await timeline.scrollIntoViewIfNeeded();
  const scroller = timeline.locator('.tl-scroll');
  const lanes = await scroller.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(lanes[0]).toBeGreaterThan(lanes[1]!);
  await app.api.seek(spawn + 1);
  const row = timeline.locator('.tl-row.current');
  await expect(row).toHaveAttribute('data-seq', String(spawn));
  // the arrow from nova-compute to its hypervisor is inside the panel, not off to its right,
  // nor under the times' column, which stays at the left with the row's time
  const times = timeline.locator('.tl-times');
  await expect
    .poll(async () => {
      const box = (await scroller.boundingBox())!;
      const column = (await times.boundingBox())!;
      const arrow = (await row.locator('.tl-line').boundingBox())!;
      return (
        column.x <= box.x + 1 &&
        arrow.x >= column.x + column.width &&
        arrow.x + arrow.width <= box.x + box.width
      );
    })
    .toBe(true);
  expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await expect(times.locator('.tl-time-row.current')).toHaveText(/^\d+\.\d{3}$/);
  // a label whose arrow starts off to the left starts right of the column instead
  const shutdown = timeline.locator('.tl-row', { hasText: 'instance.shutdown.start' });
  await app.api.seek((await shutdown.getAttribute('data-seq').then(Number)) + 1);
  await expect
    .poll(async () => {
      const column = (await times.boundingBox())!;
      const label = (await shutdown.locator('.tl-label').boundingBox())!;
      return label.x >= column.x + column.width;
    })
    .toBe(true);
  // back to the first event: the lanes on the left come back
  await app.api.seek(1);
  await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBe(0);
  // the spawn, off to the right now, keeps its label at the panel's edge, pointing there
  const offRight = timeline.locator(`.tl-row[data-seq="${spawn}"] .tl-offscreen`);
  await expect(offRight).toContainText('▸');
  const edge = (await offRight.boundingBox())!;
  const panel = (await scroller.boundingBox())!;
  expect(edge.x + edge.width).toBeLessThanOrEqual(panel.x + panel.width);
  expect(edge.x + edge.width).toBeGreaterThan(panel.x + panel.width - 40);
});

test('a host chosen on a tie says so: the order, not the weighers, put it first', async ({
  app,
  page,
}) => {
  await loadFile(app, 'ten-boots-three-hosts.json');
  const decisions = (await traceEvents(app)).filter((e) => e.type === 'schedule');
  type Weighed = { host: string; weight: number }[];
  const tied = decisions.find((d) => {
    const w = d.weighed as Weighed;
    return w.length > 1 && w[0]!.weight === w[1]!.weight;
  })!;
  const clear = decisions.find((d) => {
    const w = d.weighed as Weighed;
    return w.length > 1 && w[0]!.weight > w[1]!.weight;
  })!;
  const note = page.getByTestId('inspector').getByTestId('scheduler-tie');
  await app.api.seek((tied.seq as number) + 1);
  await note.scrollIntoViewIfNeeded();
  const equal = (tied.weighed as Weighed).filter(
    (w) => w.weight === (tied.weighed as Weighed)[0]!.weight,
  );
  await expect(note).toContainText(`${equal.map((w) => w.host).join(', ')} weigh the same`);
  await expect(note).toContainText(`so ${tied.chosen as string} came first`);
  await app.api.seek((clear.seq as number) + 1);
  await expect(page.getByTestId('inspector').getByTestId('scheduler-decision')).toBeVisible();
  await expect(note).toHaveCount(0);
});

test('a wait in the timeline is drawn as long as it is said: a band with its seconds', async ({
  app,
  page,
}) => {
  await loadFile(app, 'rpc-timeout.json');
  const trace = await traceEvents(app);
  const drop = trace.find((e) => e.type === 'mq' && e.op === 'drop')!;
  const timeout = trace.find((e) => e.type === 'mq' && e.op === 'timeout')!;
  await app.api.seek((timeout.seq as number) + 1);
  const timeline = page.getByTestId('timeline');
  await timeline.scrollIntoViewIfNeeded();
  const waited = (((timeout.t as number) - (drop.t as number)) / 1000).toFixed(3);
  const gap = timeline.locator('.tl-gap', { hasText: `${waited} s pass` });
  await expect(gap).toHaveCount(1);
  // and what the request waited on through it
  await expect(gap).toContainText('nova-conductor waits for select_destinations');
  // between the drop's row and the timeout's
  const above = (await timeline
    .locator(`.tl-row[data-seq="${drop.seq as number}"]`)
    .boundingBox())!;
  const below = (await timeline
    .locator(`.tl-row[data-seq="${timeout.seq as number}"]`)
    .boundingBox())!;
  const band = (await gap.locator('rect').boundingBox())!;
  expect(band.y).toBeGreaterThanOrEqual(above.y + above.height - 1);
  expect(band.y + band.height).toBeLessThanOrEqual(below.y + 1);
  // messages a few milliseconds apart have none between them
  await expect(timeline.locator('.tl-gap')).toHaveCount(
    trace
      .filter((e) => e.request_id === drop.request_id)
      .filter((e, i, all) => i > 0 && (e.t as number) - (all[i - 1]!.t as number) >= 1000).length,
  );
});

test('a boot that went ACTIVE on an alternate says in its row which host failed it first', async ({
  app,
}) => {
  await loadFile(app, 'reschedule.json');
  await playToEnd(app);
  const row = app.instances.locator('tbody tr[data-instance]');
  await expect(row).toContainText('active');
  await expect(row.getByTestId('retried')).toHaveText('(rescheduled: host1 failed)');
  await expect(row.getByTestId('retried')).toHaveAttribute(
    'title',
    /The hypervisor failed on host1/,
  );
  // between the spawn error and nova-compute's build_instances, it is not rescheduled yet
  const spawnError = await firstSeq(app, (e) => e.type === 'hypervisor' && e.phase === 'error');
  await app.api.seek(spawnError);
  await expect(row.getByTestId('retried')).toHaveCount(0);
  // one step onto the spawn error: it changes no state of the row, only what it says
  await app.api.step(1);
  await expect(row.getByTestId('retried')).toHaveText('(spawn failed on host1)');
  // a boot that never failed says nothing of the kind
  await loadFile(app, 'one-boot.json');
  await playToEnd(app);
  await expect(app.instances.locator('tbody tr[data-instance]')).toContainText('active');
  await expect(app.instances.getByTestId('retried')).toHaveCount(0);
});

/** How far any of the inspector's own text runs past its right edge, px (its JSON may scroll). */
const overrun = (page: Page) =>
  page.getByTestId('inspector').evaluate((root) => {
    const edge = root.getBoundingClientRect().right;
    return Math.max(
      0,
      ...[...root.querySelectorAll('code, p, span, dd, h3')]
        .filter((e) => !e.closest('pre'))
        .map((e) => e.getBoundingClientRect().right - edge),
    );
  });

test('beside the diagram on a 1280 laptop, a long REST path and an error notification stay inside the inspector, the query decoded', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await loadFile(app, 'retries-exhausted.json');
  const inspector = page.getByTestId('inspector');
  const candidates = await firstSeq(
    app,
    (e) => e.type === 'rest' && String(e.path).startsWith('/allocation_candidates'),
  );
  await app.api.seek(candidates + 1);
  const query = inspector.getByTestId('rest-query');
  await expect(query).toContainText('DISK_GB:1,MEMORY_MB:512,VCPU:1');
  await expect(query).toContainText('!COMPUTE_STATUS_DISABLED');
  expect(await overrun(page)).toBeLessThanOrEqual(1);

  await loadFile(app, 'no-valid-host.json');
  const error = await firstSeq(
    app,
    (e) => e.type === 'notification' && e.event_type === 'compute_task.build_instances.error',
  );
  await app.api.seek(error + 1);
  await expect(inspector.getByTestId('event-error')).toContainText(
    'nova.scheduler.manager.select_destinations',
  );
  expect(await overrun(page)).toBeLessThanOrEqual(1);
});

test('a lost call and a refused request are called out in red where they begin', async ({
  app,
  page,
}) => {
  await loadFile(app, 'rpc-timeout.json');
  const inspector = page.getByTestId('inspector');
  const error = inspector.getByTestId('event-error');
  const timeout = await firstSeq(app, (e) => e.type === 'mq' && e.op === 'timeout');
  const drop = await firstSeq(app, (e) => e.type === 'mq' && e.op === 'drop');
  await app.api.seek(timeout + 1);
  await inspector.scrollIntoViewIfNeeded();
  await expect(error).toContainText('No reply to select_destinations came in time');
  await expect(error).toContainText('Timed out waiting for a reply to message ID');
  // the link names the message by its method, not by the caller's reply queue
  await expect(error.getByTestId('event-cause')).toHaveText(
    `Goes back to #${drop} rabbitmq: drop scheduler select_destinations`,
  );
  await app.api.seek(drop + 1);
  await expect(error).toContainText(
    'RabbitMQ dropped select_destinations from the queue scheduler',
  );

  await loadFile(app, 'quota-exceeded.json');
  const refused = await firstSeq(
    app,
    (e) => e.type === 'rest' && e.phase === 'response' && e.status === 403,
  );
  await app.api.seek(refused + 1);
  await expect(error).toContainText('nova-api answered 403');
  await expect(error).toContainText('Quota exceeded for ram');
  // in no row of the instances (no instance was made), but said under them once answered
  const note = page.getByTestId('instances-refused');
  await expect(note).toHaveCount(0);
  await app.api.seek(refused + 2);
  await expect(note).toContainText('Refused by nova-api, so never an instance');
  await expect(note.locator('li')).toHaveCount(1);
  await expect(note.locator('li')).toContainText('vm2: 403');
  await expect(note.locator('li')).toContainText('Quota exceeded for ram');
  await expect(app.instances.locator('tbody tr[data-instance]')).toHaveCount(1);
  // stepping back before the refusal takes the note away
  await app.api.seek(refused);
  await expect(note).toHaveCount(0);
});

test('a lost cast: the drop says no one will notice, and the end says the build never finished', async ({
  app,
  page,
}) => {
  const scenario = JSON.parse(
    readFileSync(new URL('../public/scenarios/one-boot.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  scenario.faults = [{ kind: 'message-drop', method: 'build_and_run_instance', times: 1 }];
  expect(await app.api.load(scenario)).toBeNull();
  const trace = await traceEvents(app);
  const drop = trace.find((e) => e.type === 'mq' && e.op === 'drop')!;
  await app.api.seek(Number(drop.seq) + 1);
  const narration = page.getByTestId('narration');
  await expect(narration).toContainText('A cast waits for no reply');
  await expect(page.getByTestId('gave-up-note')).toHaveCount(0);
  await app.api.seek(trace.length);
  const note = page.getByTestId('gave-up-note');
  await expect(note).toContainText('vm1 never finished building');
  // where it stands still
  await expect(note).toContainText('RabbitMQ dropped the build_and_run_instance cast of vm1.');
  await expect(note).toContainText('instance_build_timeout');
  const state = page.getByTestId('status-state');
  await state.scrollIntoViewIfNeeded();
  await expect(state).toHaveText('stopped, builds unfinished');
  await note.scrollIntoViewIfNeeded();
  await app.controls.language.click();
  await expect(note).toContainText('vm1 の構築は終わらず');
});

test('loadFile from a script: a File loads as "Open scenario file…" does; anything else is refused, the page kept', async ({
  app,
  page,
}) => {
  const text = readFileSync(
    new URL('../public/scenarios/reschedule.json', import.meta.url),
    'utf8',
  );
  await page.evaluate((t) => window.novaviz!.loadFile(new File([t], 'my-reschedule.json')), text);
  await expect.poll(async () => (await app.api.state()).name).toBe('reschedule once');
  const refused = await page.evaluate(() =>
    window.novaviz!.loadFile(42 as unknown as string).then(
      () => null,
      (e: Error) => e.message,
    ),
  );
  expect(refused).toContain('loadFile takes the file name of a scenario in public/scenarios/');
  expect(refused).toContain('not a number');
  // the run before is still there and playable
  expect((await app.api.state()).name).toBe('reschedule once');
  await app.api.step();
  await expect(page.getByTestId('narration')).toBeVisible();
});

test('a script passing a wrong argument is refused with what was expected, the cursor kept', async ({
  app,
  page,
}) => {
  await app.open();
  await app.api.step(10);
  const refusals = await page.evaluate(async () => {
    const api = window.novaviz! as unknown as Record<string, (x?: unknown) => Promise<unknown>>;
    const calls: [string, unknown][] = [
      ['setSpeed', 0],
      ['setSpeed', 'fast'],
      ['seek', -1],
      ['seek', Number.NaN],
      ['step', -3],
      ['stepBack', 1.5],
      ['load', undefined],
    ];
    const out: string[] = [];
    for (const [name, arg] of calls)
      out.push(
        await Promise.resolve()
          .then(() => api[name]!(arg))
          .then(
            () => `${name} accepted`,
            (e: Error) => e.message,
          ),
      );
    return out;
  });
  expect(refusals).toEqual([
    "setSpeed takes a number from 0.1 to 1000 (× real time) or 'max', not 0",
    "setSpeed takes a number from 0.1 to 1000 (× real time) or 'max', not a string",
    'seek takes a whole number ≥ 0, not -1',
    'seek takes a whole number ≥ 0, not NaN',
    'step takes a whole number ≥ 0, not -3',
    'stepBack takes a whole number ≥ 0, not 1.5',
    'load takes a scenario (an object, or its JSON text), not undefined',
  ]);
  expect(await app.api.state()).toMatchObject({ seq: 10, speed: 1, name: 'one boot' });
  // a run of the user's own file has no link: said, as the Copy share link button says it
  const text = readFileSync(new URL('../public/scenarios/one-boot.json', import.meta.url), 'utf8');
  await page.evaluate((t) => window.novaviz!.loadFile(new File([t], 'mine.json')), text);
  const share = await page.evaluate(() => {
    try {
      return window.novaviz!.shareUrl();
    } catch (e) {
      return (e as Error).message;
    }
  });
  expect(share).toContain('a link can name only a scenario that comes with the app');
});

test('presenting, a click on a message or a box opens the inspector over the diagram; Esc closes it before leaving', async ({
  app,
  page,
}) => {
  await loadFile(app, 'ten-boots-three-hosts.json');
  await app.api.seek(300);
  await page.keyboard.press('f');
  const appRoot = page.getByTestId('app');
  await expect(appRoot).toHaveClass(/presenting/);
  const card = page.getByTestId('presenting-inspector');
  await expect(card).toHaveCount(0);
  // a message in flight: the card shows that event, not the cursor's
  const token = page.getByTestId('token').first();
  const seq = Number(await token.getAttribute('data-seq'));
  expect(seq).toBeLessThan(299);
  await token.click();
  await expect(card.getByTestId('inspector-event')).toHaveAttribute('data-seq', String(seq));
  await expect(card.getByTestId('presenting-inspector-target')).toHaveValue(`event:${seq}`);
  // Esc closes the card, and the class stays in presenting
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  await expect(appRoot).toHaveClass(/presenting/);
  expect((await page.evaluate(() => window.novaviz!.state())).seq).toBe(300);
  // a box: its process
  await page.getByTestId('node-nova-scheduler').click();
  await expect(card.getByTestId('process-detail')).toHaveAttribute(
    'data-process',
    'nova-scheduler',
  );
  // open, it follows the cursor when asked, and stepping moves it
  await card.getByTestId('inspector-follow').click();
  await expect(card.getByTestId('inspector-event')).toHaveAttribute('data-seq', '299');
  await page.keyboard.press('ArrowRight');
  await expect(card.getByTestId('inspector-event')).toHaveAttribute('data-seq', '300');
  await card.getByTestId('presenting-inspector-close').click();
  await expect(card).toHaveCount(0);
  // I, as on the page, opens it at the cursor's event, the keyboard on its heading
  await page.keyboard.press('i');
  await expect(card.getByTestId('inspector-event')).toHaveAttribute('data-seq', '300');
  await expect(card.getByRole('heading', { name: 'Inspector' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(card.getByTestId('inspector-event')).toHaveAttribute('data-seq', '301');
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  await expect(appRoot).toHaveClass(/presenting/);
  await page.keyboard.press('Escape');
  await expect(appRoot).not.toHaveClass(/presenting/);
  // back on the page, its own inspector follows the cursor
  await expect(page.getByTestId('inspector').getByTestId('inspector-target')).toHaveValue(
    'current',
  );
});
