import { existsSync } from 'node:fs';

/**
 * The browser the tests and the UI bench drive: CHROMIUM_PATH, else Debian's Chromium where
 * it exists (no browser can be downloaded on our machines), else Playwright's own.
 */
export const chromiumPath: string | undefined =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** Flags that work on machines without a GPU or a sandbox. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
