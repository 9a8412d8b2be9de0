/**
 * The latency bench's last phase: the alarm banner in a real Chromium page on the same `serve`. Each
 * episode heats one cell (the next in turn) above the limit, so the banner, which lists only the worst
 * and oldest three waiting alarms, has that one alarm to show: the time runs from the pty write of the
 * crossing frame to its banner item entering the page's DOM. Beside it, the raised alarm at the
 * bench's WebSocket client for the same crossings. Between episodes every waiting alarm is
 * acknowledged (the banner stands until then) and the cell's own alarm has cleared, so the next
 * crossing raises anew.
 */
import type { Browser, Page } from 'playwright';
import { alarmName, type Alarm } from '../native-bridge/contract/index.js';
import { openStationPage } from '../renderer/e2e/support/station-page.js';
import { alarmWhere } from '../renderer/src/alarms/alarm-words.js';
import { demandsAttention } from '../renderer/src/alarms/attention.js';
import { pageClockOffset, takeSightings, watchBanner, type ClockCheck } from './station/banner-watch.js';
import {
  BENCH_DEVICE,
  coolWhile as coolRigWhile,
  progress,
  rigFrame,
  writeOnSchedule,
  type ServedRig,
  type StationClient,
} from './station/served-station.js';

const HEAT_FRAMES = 5;
/** A banner later than this counts as not shown: twelve times the target. */
const SHOW_WAIT_MS = 3_000;
const SETTLE_WAIT_MS = 30_000;

export interface BannerRun {
  /** Crossing written → banner item in the page's DOM, per episode shown (ms). */
  banner: number[];
  /** Crossing written → raised alarm at the bench's WebSocket client, per episode raised (ms). */
  ws: number[];
  episodes: number;
  clock: ClockCheck;
  /** Other banner headings that came up meanwhile (model alarms, rules besides T_ALARM), by text. */
  others: Map<string, number>;
}

/** Acknowledges every alarm the banner would show; how many it acknowledged. */
async function acknowledgeWaiting(client: StationClient): Promise<number> {
  const waiting = (await client.call('getActiveAlarms', {})).filter(demandsAttention);
  for (const a of waiting) await client.call('acknowledgeAlarm', { id: a.id, by: 'latency bench' });
  return waiting.length;
}

/**
 * After an episode: every alarm acknowledged and cleared (a rule's clears 5 s after its latch lets
 * go), so none comes back as the same alarm ('returned') and no standing rule or runaway holds a
 * cell's class up when the next episode crosses.
 */
export async function untilQuiet(client: StationClient): Promise<boolean> {
  return (await acknowledgeWaiting(client)) > 0 || (await client.call('getActiveAlarms', {})).length > 0;
}

const bannerUp = async (page: Page) => (await page.getByTestId('alarm-banner').count()) > 0;

export async function bannerLatencies(
  browser: Browser,
  station: ServedRig,
  o: { cells: number; periodMs: number; hotC: number; code: string; episodes: number },
): Promise<BannerRun> {
  const { rig, client, serve } = station;
  const scratch = new Map<number, number>();
  const cool = (seq: number) => rigFrame(seq, o.cells, o.periodMs, rig.bootId);
  const coolWhile = (busy: () => Promise<boolean>, maxMs: number, what: string) =>
    coolRigWhile(rig, o, busy, maxMs, what);
  const [{ page, context }] = await Promise.all([
    openStationPage(browser, serve.url),
    writeOnSchedule(rig, o.periodMs, 30, cool, scratch),
  ]);
  try {
    await coolWhile(
      async () => (await acknowledgeWaiting(client)) > 0 || (await bannerUp(page)),
      SETTLE_WAIT_MS,
      'the banner still stood',
    );
    await watchBanner(page);
    const clock = await pageClockOffset(page);
    const run: BannerRun = { banner: [], ws: [], episodes: o.episodes, clock, others: new Map() };
    let target: number | null = null;
    let raisedAt: number | undefined;
    const off = client.on((e) => {
      if (e.event !== 'onAlarmChanged' || target === null || raisedAt !== undefined) return;
      const { change, alarm } = e.payload as { change: string; alarm: Alarm };
      if (change === 'raised' && alarm.code === o.code && alarm.deviceId === BENCH_DEVICE && alarm.cell === target)
        raisedAt = e.atMs;
    });
    try {
      for (let ep = 0; ep < o.episodes; ep++) {
        const cell = (ep % o.cells) + 1;
        if (ep % o.cells === 0)
          progress(`banner episodes ${ep + 1}–${Math.min(o.episodes, ep + o.cells)}/${o.episodes}`);
        const heading = `${alarmName({ code: o.code, source: 'rule' })} · ${alarmWhere({ deviceId: BENCH_DEVICE, cell })}`;
        await coolWhile(
          async () =>
            (await client.call('getActiveAlarms', { deviceId: BENCH_DEVICE })).some(
              (a) => a.cell === cell && a.code === o.code,
            ),
          SETTLE_WAIT_MS,
          `cell ${cell}'s ${o.code} had not cleared`,
        );
        await takeSightings(page);
        target = cell;
        raisedAt = undefined;
        let crossingSeq = -1;
        const written = new Map<number, number>();
        const temps = Array.from({ length: o.cells }, (_, c) => (c + 1 === cell ? o.hotC : 25));
        await writeOnSchedule(
          rig,
          o.periodMs,
          HEAT_FRAMES,
          (seq, k) => {
            if (k === 0) crossingSeq = seq;
            return rigFrame(seq, o.cells, o.periodMs, rig.bootId, temps);
          },
          written,
        );
        const crossedAt = written.get(crossingSeq)!;
        let shownAt: number | undefined;
        await coolWhile(
          async () => {
            for (const s of await takeSightings(page)) {
              if (s.text === heading) shownAt ??= s.atMs;
              else run.others.set(s.text, (run.others.get(s.text) ?? 0) + 1);
            }
            return shownAt === undefined && performance.now() - crossedAt < SHOW_WAIT_MS;
          },
          SHOW_WAIT_MS * 2,
          'the banner watch',
        );
        target = null;
        if (raisedAt !== undefined) run.ws.push(raisedAt - crossedAt);
        // The page's wall clock against the bench's: both are performance.timeOrigin + performance.now().
        if (shownAt !== undefined) run.banner.push(shownAt - (performance.timeOrigin + crossedAt));
        await coolWhile(
          async () => (await acknowledgeWaiting(client)) > 0 || (await bannerUp(page)),
          SETTLE_WAIT_MS,
          'the banner still stood',
        );
      }
    } finally {
      off();
    }
    return run;
  } finally {
    await context.close();
  }
}
