/**
 * UI benchmark in real (Debian) Chromium, headless: builds the app, serves it with
 * `vite preview` (cross-origin isolated, so that the page's clock is precise), plays the 200-host / 500-boot scenario at high speed and reports
 *
 *   - frame time p50/p95/p99 (requestAnimationFrame deltas collected in the page)
 *   - main-thread tasks over 50 ms (PerformanceObserver 'longtask')
 *   - message tokens on screen ([data-testid="token"]), max and median while playing
 *   - time to the first diagram on screen after load ([data-testid="diagram"] visible)
 *   - step-back and seek latency on a 1,000-boot run (window.novaviz, awaited)
 *
 *   npm run bench:ui                  human-readable
 *   npm run --silent bench:ui -- --json   one JSON object
 *   options: --speed N (default 5), --no-build (serve the existing dist/),
 *            --present (play in the presentation mode: controls, narration and diagram),
 *            --play-only (skip the seek and step-back measures on the 1,000-boot run),
 *            --profile FILE (a main-thread CPU profile of the play phase, .cpuprofile),
 *            --trace FILE (a Chromium performance trace of the play phase, for DevTools)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../e2e/chromium';
import { loadLine, watchLoad } from './machineLoad';

const args = process.argv.slice(2);
const json = args.includes('--json');
const build = !args.includes('--no-build');
const speedArg = args.indexOf('--speed');
const speed = speedArg >= 0 ? Number(args[speedArg + 1]) : 5;
const profileArg = args.indexOf('--profile');
const profileFile = profileArg >= 0 ? args[profileArg + 1] : undefined;
const traceArg = args.indexOf('--trace');
const traceFile = traceArg >= 0 ? args[traceArg + 1] : undefined;
const present = args.includes('--present');
const playOnly = args.includes('--play-only');
const SCENARIO = 'cloud-200-hosts-500-boots.json';
const PLAY_TIMEOUT_MS = 60_000;
const COMPLETE_TIMEOUT_MS = 180_000;

const log = (s: string) => {
  if (!json) process.stderr.write(`${s}\n`);
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`${url} did not come up in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const quantile = (xs: number[], q: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const round = (x: number | null, d = 1) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

/** Installed before any page script: frame deltas, long tasks, first diagram on screen. */
function instrument() {
  const b = {
    frames: [] as number[],
    longtasks: [] as { start: number; duration: number }[],
    diagramAt: null as number | null,
    recording: false,
  };
  (window as unknown as { __bench: typeof b }).__bench = b;
  let last = 0;
  const frame = (now: number) => {
    if (b.recording && last > 0) b.frames.push(now - last);
    last = now;
    if (b.diagramAt === null) {
      const d = document.querySelector<HTMLElement>('[data-testid="diagram"]');
      if (d && d.offsetWidth > 0 && d.offsetHeight > 0) b.diagramAt = now;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        b.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no longtask support: reported as none
  }
}

type Bench = {
  frames: number[];
  longtasks: { start: number; duration: number }[];
  diagramAt: number | null;
  recording: boolean;
};
const bench = (page: Page) =>
  page.evaluate(() => (window as unknown as { __bench: Bench }).__bench);
const state = (page: Page) => page.evaluate(() => window.novaviz!.state());

async function play(page: Page) {
  const cdp = profileFile ? await page.context().newCDPSession(page) : null;
  await page.evaluate(async (file) => {
    await window.novaviz!.loadFile(file);
  }, SCENARIO);
  await page.evaluate((x) => window.novaviz!.setSpeed(x), speed);
  if (present) {
    await page.keyboard.press('p');
    await page.waitForSelector('.app.presenting');
  }
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: Bench }).__bench;
    b.frames.length = 0;
    b.recording = true;
    (window as unknown as { __playStart: number }).__playStart = performance.now();
  });
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const browser = page.context().browser();
  if (traceFile && browser)
    await browser.startTracing(page, { path: traceFile, screenshots: false });
  await page.evaluate(() => window.novaviz!.play());
  const tokens: number[] = [];
  const end = Date.now() + PLAY_TIMEOUT_MS;
  for (;;) {
    const sample = await page.evaluate(() => ({
      tokens: document.querySelectorAll('[data-testid="token"]').length,
      done: window.novaviz!.state().done,
      playing: window.novaviz!.state().playing,
    }));
    tokens.push(sample.tokens);
    if (sample.done || !sample.playing || Date.now() > end) break;
    await page.waitForTimeout(100);
  }
  if (traceFile && browser) {
    await browser.stopTracing();
    log(`performance trace of the play phase: ${traceFile}`);
  }
  if (cdp && profileFile) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    log(`CPU profile of the play phase: ${profileFile}`);
  }
  const { frames, longtasks, playStart, wall } = await page.evaluate(() => {
    const b = (window as unknown as { __bench: Bench }).__bench;
    b.recording = false;
    const playStart = (window as unknown as { __playStart: number }).__playStart;
    return {
      frames: [...b.frames],
      longtasks: b.longtasks,
      playStart,
      wall: performance.now() - playStart,
    };
  });
  const during = longtasks.filter((t) => t.start >= playStart);
  const s = await state(page);
  return {
    seconds: wall / 1000,
    events: s.seq,
    frames: frames.length,
    frameP50: quantile(frames, 0.5),
    frameP95: quantile(frames, 0.95),
    frameP99: quantile(frames, 0.99),
    // a frame that missed its vsync (rAF deltas are multiples of ~16.7 ms)
    slowFrames: frames.filter((f) => f > 20).length,
    longTasks: during.length,
    longTaskMaxMs: during.length ? Math.max(...during.map((t) => t.duration)) : 0,
    /** when each started (ms after play) and how long it took */
    longTaskList: during.map((t) => ({
      atMs: Math.round(t.start - playStart),
      ms: Math.round(t.duration),
    })),
    tokensMax: tokens.length ? Math.max(...tokens) : 0,
    tokensMedian: quantile(tokens, 0.5) ?? 0,
  };
}

/** The benchmark scenario with twice the boots. */
function thousandBoots(): unknown {
  const s = JSON.parse(
    readFileSync(new URL(`../../public/scenarios/${SCENARIO}`, import.meta.url), 'utf8'),
  ) as {
    name: string;
    requests: { repeat?: number }[];
  };
  s.name = '200-host cloud, 1000 boots (bench)';
  for (const r of s.requests) if (r.repeat !== undefined) r.repeat *= 2;
  return s;
}

async function seekLatency(page: Page) {
  const t0 = Date.now();
  await page.evaluate((s) => window.novaviz!.load(s), thousandBoots());
  await page.waitForFunction(() => window.novaviz!.state().complete, undefined, {
    timeout: COMPLETE_TIMEOUT_MS,
    polling: 250,
  });
  const completeS = (Date.now() - t0) / 1000;
  // Saving runs behind the engine and warms the trace hash chain; wait for it to catch up.
  await page.evaluate(() => window.novaviz!.persisted());
  const persistedS = (Date.now() - t0) / 1000;
  const r = await page.evaluate(async () => {
    const nv = window.novaviz!;
    const n = nv.state().eventCount;
    const time = async (f: () => Promise<void>) => {
      const t = performance.now();
      await f();
      return performance.now() - t;
    };
    const seeks: number[] = [];
    const stepBacks: number[] = [];
    const bigStepBacks: number[] = [];
    await nv.seek(n);
    // positions spread over the run, far from each other
    for (let k = 0; k < 24; k++) {
      const target = Math.floor((((k * 7919) % 24) / 24) * n) + 17;
      seeks.push(await time(() => nv.seek(target)));
    }
    await nv.seek(n);
    for (let k = 0; k < 30; k++) stepBacks.push(await time(() => nv.stepBack(1)));
    for (let k = 0; k < 10; k++) bigStepBacks.push(await time(() => nv.stepBack(700)));
    return { events: n, seeks, stepBacks, bigStepBacks };
  });
  return {
    events: r.events,
    completeS,
    persistedS,
    seekP50: quantile(r.seeks, 0.5),
    seekMax: Math.max(...r.seeks),
    stepBackP50: quantile(r.stepBacks, 0.5),
    stepBackMax: Math.max(...r.stepBacks),
    stepBack700P50: quantile(r.bigStepBacks, 0.5),
    stepBack700Max: Math.max(...r.bigStepBacks),
  };
}

async function main() {
  const load = watchLoad();
  if (build) {
    log('building (vite build)…');
    const b = spawnSync('npx', ['vite', 'build'], {
      stdio: json ? 'ignore' : ['ignore', 'ignore', 'inherit'],
    });
    if (b.status !== 0) throw new Error('vite build failed');
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const server: ChildProcess = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--config',
      'app/bench/vite.isolated.config.ts',
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
    ],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  const browser = await chromium.launch({
    ...(chromiumPath ? { executablePath: chromiumPath } : {}),
    args: chromiumArgs,
  });
  try {
    await waitForHttp(url, 30_000);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // tsx (esbuild keepNames) wraps named functions in __name(); functions sent to the page need it.
    await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
    await context.addInitScript(instrument);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    log(`loading ${url}…`);
    await page.goto(url);
    await page.waitForFunction(() => window.novaviz !== undefined);
    await page.evaluate(() => window.novaviz!.ready());
    // The diagram may still be on its way (another part of the app): wait a little for it.
    await page
      .waitForSelector('[data-testid="diagram"]', { state: 'visible', timeout: 5_000 })
      .catch(() => undefined);
    const firstDiagramMs = (await bench(page)).diagramAt;

    log(`playing ${SCENARIO} at ${speed}×…`);
    const playing = await play(page);
    if (!playOnly) log('seek and step-back on a 1,000-boot run…');
    const seeking = playOnly ? null : await seekLatency(page);

    const result = {
      scenario: SCENARIO,
      // a precise clock for the frame times (app/bench/vite.isolated.config.ts)
      crossOriginIsolated: await page.evaluate(() => crossOriginIsolated),
      speed,
      timeToFirstDiagramMs: round(firstDiagramMs, 0),
      play: {
        seconds: round(playing.seconds, 2),
        events: playing.events,
        frames: playing.frames,
        frameMs: {
          p50: round(playing.frameP50),
          p95: round(playing.frameP95),
          p99: round(playing.frameP99),
        },
        slowFrames: playing.slowFrames,
        longTasks: playing.longTasks,
        longTaskMaxMs: round(playing.longTaskMaxMs, 0),
        longTaskList: playing.longTaskList,
        tokensOnScreen: { max: playing.tokensMax, median: playing.tokensMedian },
      },
      thousandBoots: seeking && {
        events: seeking.events,
        completeS: round(seeking.completeS, 1),
        persistedS: round(seeking.persistedS, 1),
        seekMs: { p50: round(seeking.seekP50), max: round(seeking.seekMax) },
        stepBack1Ms: { p50: round(seeking.stepBackP50), max: round(seeking.stepBackMax) },
        stepBack700Ms: { p50: round(seeking.stepBack700P50), max: round(seeking.stepBack700Max) },
      },
      pageErrors: errors,
      loadAverage: load.done(),
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const p = result.play;
      const k = result.thousandBoots;
      const lines = [
        `UI benchmark: ${SCENARIO} at ${speed}×${present ? ', presenting,' : ''} in ${chromiumPath ?? "Playwright's Chromium"} (headless${result.crossOriginIsolated ? ', cross-origin isolated: the clock is precise' : ', NOT cross-origin isolated: frame times jitter by 0.1 ms'})`,
        `  time to first diagram     ${result.timeToFirstDiagramMs ?? 'no diagram'} ms`,
        `  played                    ${p.events} events in ${p.seconds} s, ${p.frames} frames`,
        `  frame time                p50 ${p.frameMs.p50} ms   p95 ${p.frameMs.p95} ms   p99 ${p.frameMs.p99} ms`,
        `  frames over one vsync     ${p.slowFrames} of ${p.frames}`,
        `  main-thread tasks > 50 ms ${p.longTasks}${p.longTasks ? ` (${p.longTaskList.map((t) => `${t.ms} ms at ${(t.atMs / 1000).toFixed(2)} s`).join(', ')})` : ''}`,
        `  tokens on screen          max ${p.tokensOnScreen.max}   median ${p.tokensOnScreen.median}`,
      ];
      if (k)
        lines.push(
          `  1,000-boot run            ${k.events} events, complete after ${k.completeS} s, saved after ${k.persistedS} s`,
          `  seek                      p50 ${k.seekMs.p50} ms   max ${k.seekMs.max} ms`,
          `  step back 1               p50 ${k.stepBack1Ms.p50} ms   max ${k.stepBack1Ms.max} ms`,
          `  step back 700             p50 ${k.stepBack700Ms.p50} ms   max ${k.stepBack700Ms.max} ms`,
        );
      if (errors.length) lines.push(`  page errors: ${errors.join(' | ')}`);
      lines.push(`  ${loadLine(result.loadAverage)}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  } finally {
    await browser.close();
    if (server.pid !== undefined) {
      try {
        process.kill(-server.pid); // the preview server and its children
      } catch {
        // already gone
      }
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:ui failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
