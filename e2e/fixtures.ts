import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { NovavizState } from '../app/ui/automation';

/** `window.novaviz` driven from the test, each call awaited in the page. */
class Api {
  constructor(private readonly page: Page) {}

  state(): Promise<NovavizState> {
    return this.page.evaluate(() => window.novaviz!.state());
  }
  step(n = 1) {
    return this.page.evaluate((k) => window.novaviz!.step(k), n);
  }
  stepBack(n = 1) {
    return this.page.evaluate((k) => window.novaviz!.stepBack(k), n);
  }
  seek(seq: number) {
    return this.page.evaluate((s) => window.novaviz!.seek(s), seq);
  }
  play() {
    return this.page.evaluate(() => window.novaviz!.play());
  }
  pause() {
    return this.page.evaluate(() => window.novaviz!.pause());
  }
  setSpeed(x: number | 'max') {
    return this.page.evaluate((s) => window.novaviz!.setSpeed(s), x);
  }
  exportTrace() {
    return this.page.evaluate(() => window.novaviz!.exportTrace());
  }
  /** Loads a scenario; resolves to the error message if the page refused it. */
  load(scenario: unknown): Promise<string | null> {
    return this.page.evaluate(
      (s) =>
        window.novaviz!.load(s).then(
          () => null,
          (e: Error) => e.message,
        ),
      scenario,
    );
  }
}

/** The page's controls, by their data-testid (DESIGN.md automation contract). */
class Controls {
  readonly play: Locator;
  readonly pause: Locator;
  readonly stepForward: Locator;
  readonly stepBack: Locator;
  readonly speed: Locator;
  readonly seek: Locator;
  readonly reset: Locator;
  readonly language: Locator;
  readonly scenarioPicker: Locator;

  constructor(page: Page) {
    const id = (s: string) => page.getByTestId(s);
    this.play = id('play');
    this.pause = id('pause');
    this.stepForward = id('step-forward');
    this.stepBack = id('step-back');
    this.speed = id('speed');
    this.seek = id('seek');
    this.reset = id('reset');
    this.language = id('language');
    this.scenarioPicker = id('scenario-picker');
  }
}

export class AppPage {
  readonly api: Api;
  readonly controls: Controls;
  readonly error: Locator;
  readonly instances: Locator;

  constructor(readonly page: Page) {
    this.api = new Api(page);
    this.controls = new Controls(page);
    this.error = page.getByTestId('error');
    this.instances = page.getByTestId('instances');
  }

  /** Opens the page and waits for the default scenario to be loaded in the worker. */
  async open(path = '/'): Promise<void> {
    // a link that differs from the page only in its hash would not load the page again
    if (path.includes('#')) await this.page.goto('about:blank');
    await this.page.goto(path);
    await this.page.waitForFunction(() => window.novaviz !== undefined);
    await this.page.evaluate(() => window.novaviz!.ready());
    await expect.poll(async () => (await this.api.state()).runId).not.toBeNull();
  }
}

export const test = base.extend<{ app: AppPage }>({
  app: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await use(new AppPage(page));
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/** The whole run's events, as the page exports them. */
export async function traceEvents(app: AppPage): Promise<Record<string, unknown>[]> {
  const lines = (await app.api.exportTrace()).trimEnd().split('\n');
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The seq of the first event matching `pick` in the run. */
export async function firstSeq(app: AppPage, pick: (ev: Record<string, unknown>) => boolean) {
  const ev = (await traceEvents(app)).find(pick);
  expect(ev, 'event in the trace').toBeDefined();
  return ev!.seq as number;
}

/** Loads a scenario from public/scenarios through the page's own loader. */
export async function loadFile(app: AppPage, file: string) {
  await app.page.evaluate((f) => window.novaviz!.loadFile(f), file);
  await expect.poll(async () => (await app.api.state()).name, { timeout: 30_000 }).not.toBeNull();
}

/**
 * The text of `locator`'s element as the browser broke it into lines, read from where each
 * character is drawn (a line starts where a character is drawn lower than the one before).
 */
export function textLines(locator: Locator): Promise<string[]> {
  return locator.evaluate((el) => {
    const out: string[] = [];
    let top: number | null = null;
    const range = document.createRange();
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode() as Text | null; node; node = walk.nextNode() as Text | null)
      for (let i = 0; i < node.data.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (!box) continue;
        if (top === null || Math.abs(box.top - top) > 4) out.push(node.data[i]!);
        else out.push(`${out.pop()!}${node.data[i]!}`);
        top = box.top;
      }
    return out.map((l) => l.trim());
  });
}
