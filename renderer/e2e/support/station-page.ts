/** The system Chromium and a page on a served station, as every UI suite opens them. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { CHROMIUM_ARGS } from './chromium-executable.js';
import { collectPageErrors } from './page-errors.js';

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export interface StationPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, for a suite to insist the UI ran cleanly. */
  errors: string[];
}

/** A fresh context and page on `url`; `acceptDialogs` answers confirm() prompts (device switches). */
export async function openStationPage(
  browser: Browser,
  url: string,
  opts: { width?: number; height?: number; acceptDialogs?: boolean } = {},
): Promise<StationPage> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  if (opts.acceptDialogs) page.on('dialog', (d) => void d.accept());
  await page.goto(url);
  return { context, page, errors };
}
