/**
 * The station's data path from a source on: each source gets a DeviceLink (decode, hello gate, link
 * health), and each trusted data frame becomes readings with their SOC estimate that go to the live
 * view, the safety rules, then the risk model, and to the store writer. Hellos, device events and
 * link events are stored beside the frames.
 */
import type { CellReading, DeviceStatus } from '../contract/index.js';
import type { DataFrame } from '../protocol/index.js';
import { DeviceLink } from '../devices/device-link.js';
import type { LineSource } from '../devices/line-source.js';
import { FrameSocEstimators } from '../features/soc-estimator.js';
import { sessionCell } from './session-cell.js';
import type { RiskEngine } from '../ml/risk-engine.js';
import type { AlarmBook } from '../safety/alarm-book.js';
import type { SafetyMonitor } from '../safety/safety-monitor.js';
import { raiseLines } from '../safety/safety-limits.js';
import { frameToReadings, frameToSampleRow } from './frame-readings.js';
import type { LiveState } from './live-state.js';
import type { Notices } from './notices.js';
import type { StationStore } from './station-store.js';
import type { UiThrottle } from './ui-throttle.js';

export interface IngestParts {
  alarms: AlarmBook;
  safety: SafetyMonitor;
  ml: RiskEngine;
  live: LiveState;
  throttle: UiThrottle;
  notices: Notices;
  staleAfterMs?: number;
}

export class StationIngest {
  readonly links: DeviceLink[] = [];
  /** Where frames, hellos and events are stored: set once the store opened, null while nothing is stored. */
  store: Pick<StationStore, 'writer' | 'history'> | null = null;
  private readonly soc = new FrameSocEstimators((deviceId) => sessionCell(this.store?.history ?? null, deviceId));
  private framesIngested = 0;
  private lastFrameHostMs: number | null = null;

  constructor(private readonly p: IngestParts) {}

  /** The device's session was edited: its SOC estimates restart if its cell now reads differently. */
  recell(deviceId: string): boolean {
    return this.soc.recell(deviceId);
  }

  /**
   * Data frames taken in from every link since start, committed or not: a counter a caller may poll
   * every few milliseconds (the serial bench), where building linkInfos() each time would cost more.
   */
  get ingestedFrames(): number {
    return this.framesIngested;
  }

  /** Host time of the newest data frame of any link; null before the first (the core's pulse). */
  get lastFrameAtMs(): number | null {
    return this.lastFrameHostMs;
  }

  async addSource(source: LineSource, beforeStart?: (link: DeviceLink) => void): Promise<DeviceLink> {
    const { p } = this;
    const writer = () => this.store?.writer;
    const link = new DeviceLink(
      source,
      {
        onHello: (h, t) => {
          this.store?.history.onHello(h, t, source);
          writer()?.upsertDevice({
            deviceId: h.deviceId,
            fwVersion: h.fwVersion,
            cellCount: h.cellCount,
            periodMs: h.periodMs,
            channels: h.channels,
            tHostMs: t,
          });
        },
        onData: (f, t) => this.ingest(f, t),
        onDeviceEvent: (f, t) =>
          writer()?.addLinkEvent({
            tHostMs: t,
            deviceId: f.deviceId,
            source: source.spec,
            code: `device.${f.code}`,
            detail: f.detail,
          }),
        onLinkEvent: (code, detail, t, deviceId) =>
          writer()?.addLinkEvent({ tHostMs: t, deviceId, source: source.spec, code, detail }),
        onStateChange: () => p.throttle.markDirty(),
      },
      // A network device re-posts what it is not sure arrived: a repeated sequence number is a retry.
      { alarms: p.alarms, staleAfterMs: p.staleAfterMs, dropRepeatedSeqs: source.kind === 'network' },
    );
    this.links.push(link);
    beforeStart?.(link);
    try {
      await source.start();
    } catch (e) {
      p.notices.add('error', 'source.start-failed', `Could not start ${source.label}: ${(e as Error).message}`);
    }
    return link;
  }

  /** Stops a source and drops its link (the operator disconnected the device). */
  async removeSource(source: LineSource): Promise<void> {
    const i = this.links.findIndex((l) => l.source === source);
    if (i < 0) return;
    const [link] = this.links.splice(i, 1);
    const deviceId = link!.status().deviceId;
    if (deviceId) this.p.ml.forgetDevice(deviceId);
    await source.stop().catch(() => undefined);
    link!.dispose();
    this.p.throttle.markDirty();
  }

  private ingest(f: DataFrame, tHostMs: number): void {
    const { p } = this;
    this.framesIngested++;
    this.lastFrameHostMs = tHostMs;
    const est = this.soc.update(f.deviceId, f.tDevMs, f.cellMv, f.packMa);
    const readings: CellReading[] = frameToReadings(f, tHostMs, est);
    p.live.add(readings);
    p.safety.onReadings(readings);
    // After the rules: the risk model captures which rule alarms hold with the features.
    p.ml.onReadings(readings);
    this.store?.writer.addSample(frameToSampleRow(f, tHostMs, est));
    p.throttle.markDirty();
  }

  /** Every link's status, with the limits the safety rules judge its cells by once they have judged one. */
  deviceStatuses(): DeviceStatus[] {
    return this.links.map((l) => {
      const s = l.status();
      const limits = s.deviceId === null ? null : this.p.safety.limitsOf(s.deviceId);
      return limits ? { ...s, limits: raiseLines(limits) } : s;
    });
  }

  /** Devices whose links stream fresh data now: what the live statistics count. */
  currentDeviceIds(): Set<string> {
    const ids = new Set<string>();
    for (const l of this.links) {
      const s = l.status();
      if (s.state === 'streaming' && s.deviceId !== null) ids.add(s.deviceId);
    }
    return ids;
  }

  /** Stops every source and drops its link (shutdown). */
  async stopAll(): Promise<void> {
    for (const l of this.links) {
      await l.source.stop().catch(() => undefined);
      l.dispose();
    }
  }
}
