/**
 * The alarm banner as a Chromium page shows it, timed in the page: a MutationObserver notes when each
 * banner item's heading ("Temperature above alarm limit · BENCH0000016 cell 5") enters the DOM, in
 * wall-clock ms (performance.timeOrigin + performance.now()), so the bench can set it against the
 * moment it wrote the frame without a round trip through the DevTools protocol in between.
 */
import type { Page } from 'playwright';

/** Bench-side wall clock on the same footing as the page's. */
export const wallMs = () => performance.timeOrigin + performance.now();

export interface BannerSighting {
  text: string;
  atMs: number;
}

// Strings, not functions: tsx compiles functions with a __name helper the page does not have.
const INSTALL = `(() => {
  const seen = [];
  let present = new Set();
  const look = () => {
    const now = new Set();
    for (const el of document.querySelectorAll('[data-testid="alarm-banner-item"] strong')) now.add(el.textContent);
    const at = performance.timeOrigin + performance.now();
    for (const t of now) if (!present.has(t)) seen.push({ text: t, atMs: at });
    present = now;
  };
  new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
  look();
  window.__bannerSeen = seen;
})()`;

/** From now on the page notes every banner heading that appears (again, after it had gone). */
export async function watchBanner(page: Page): Promise<void> {
  await page.evaluate(INSTALL);
}

/** What the banner showed since the last call, and forgets it. */
export async function takeSightings(page: Page): Promise<BannerSighting[]> {
  return (await page.evaluate('window.__bannerSeen.splice(0)')) as BannerSighting[];
}

export interface ClockCheck {
  /** Page clock minus bench clock, ms. */
  offsetMs: number;
  /** The round trip it was read in: the offset is good to half of it. */
  rttMs: number;
}

/** The page's clock read between two bench readings: the round trip with the least time in it wins. */
export function clockOffset(samples: readonly { sentMs: number; pageMs: number; backMs: number }[]): ClockCheck {
  if (samples.length === 0) throw new Error('no clock samples');
  let best = samples[0]!;
  for (const s of samples) if (s.backMs - s.sentMs < best.backMs - best.sentMs) best = s;
  return { offsetMs: best.pageMs - (best.sentMs + best.backMs) / 2, rttMs: best.backMs - best.sentMs };
}

export async function pageClockOffset(page: Page, rounds = 5): Promise<ClockCheck> {
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const sentMs = wallMs();
    const pageMs = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
    samples.push({ sentMs, pageMs, backMs: wallMs() });
  }
  return clockOffset(samples);
}
