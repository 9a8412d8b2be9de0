/**
 * Replays started from History (or by STATION_DEVICE=replay:…): one ReplaySource per replay, added to
 * the core like any device so its frames pass through the whole pipeline. Progress is pushed about
 * twice a second; a finished or stopped replay leaves the core and its session is closed.
 */
import type { ReplayProgress } from '../contract/index.js';
import type { LineSource } from '../devices/line-source.js';
import { replayDeviceId, ReplaySource, type ReplayTimeline } from '../devices/replay-source.js';
import type { Db } from '../store/database.js';
import { sessionReplayReader } from './frame-pages.js';
import { SessionError, type SessionManager } from './session-manager.js';
import { SessionQueries } from './session-rows.js';

export interface ReplayHost {
  addSource(source: LineSource): Promise<unknown>;
  removeSource(source: LineSource): Promise<void>;
}

interface Entry {
  source: LineSource & ReplayTimeline;
  progress: ReplayProgress;
  timer: NodeJS.Timeout | undefined;
}

export class ReplayManager {
  private readonly entries = new Map<number, Entry>();
  private readonly q: SessionQueries;

  constructor(
    private readonly db: Db,
    private readonly sessions: SessionManager,
    private readonly host: ReplayHost,
    private readonly modelVersion: () => string,
    private readonly emit: (p: ReplayProgress) => void,
    private readonly progressEveryMs = 500,
  ) {
    this.q = new SessionQueries(db);
  }

  async start(o: { sessionId: number; fromMs?: number | undefined; toMs?: number | undefined; speed: number }) {
    const orig = this.q.get(o.sessionId);
    if (!orig) throw new SessionError('session.not-found', `No session ${o.sessionId}.`);
    const deviceId = replayDeviceId(orig.id, orig.device_id);
    for (const e of this.entries.values())
      if (e.progress.state === 'running' && (e.source as ReplaySource).deviceId === deviceId)
        throw new SessionError(
          'replay.running',
          `Session ${orig.id} is already being replayed (session ${e.progress.sessionId}).`,
        );
    const reader = sessionReplayReader(this.db, orig.id, o.fromMs ?? 0, o.toMs ?? Number.MAX_SAFE_INTEGER);
    if (reader.total === 0)
      throw new SessionError(
        'replay.empty',
        `Session ${orig.id} has no raw frames in that window to replay (older raw data is pruned by the retention setting; rollups are kept).`,
      );
    const source = new ReplaySource({
      spec: `replay:session:${orig.id}@${o.speed}`,
      label: `Replay of session ${orig.id} (${o.speed}×)`,
      deviceId,
      reader,
      speed: o.speed,
      replayOf: orig.id,
      fwVersion: /^[0-9A-Za-z.+-]{1,24}$/.test(orig.fw_version ?? '') ? orig.fw_version! : 'replay',
      periodMs: orig.period_ms ?? 1000,
    });
    await this.host.addSource(source);
    const entry = [...this.entries.values()].find((e) => e.source === source);
    if (!entry) {
      await this.host.removeSource(source);
      throw new SessionError('replay.failed', `The replay of session ${orig.id} did not start.`);
    }
    return { ...entry.progress };
  }

  /** Called by the session layer when any replay source says hello and gets its session. */
  adopt(source: LineSource & ReplayTimeline, sessionId: number): void {
    if ([...this.entries.values()].some((e) => e.source === source)) return;
    const r = source as LineSource & ReplayTimeline & Partial<ReplaySource>;
    const progress: ReplayProgress = {
      sessionId,
      sourceSessionId: source.replayOf,
      spec: source.spec,
      state: 'running',
      framesSent: 0,
      totalFrames: r.stats?.().totalFrames ?? 0,
      originalTimeMs: source.currentOriginalMs(),
      speed: source.speed,
      achievedSpeed: 0,
      modelVersion: this.modelVersion(),
      error: null,
    };
    const entry: Entry = { source, progress, timer: undefined };
    this.entries.set(sessionId, entry);
    entry.timer = setInterval(() => this.push(entry), this.progressEveryMs);
    entry.timer.unref?.();
    source.on('state', (state, detail) => {
      if (state === 'error') {
        entry.progress.state = 'failed';
        entry.progress.error = detail ?? 'replay failed';
      }
      if (state === 'stopped' || state === 'error') this.finished(entry, detail);
    });
  }

  stop(sessionId: number): boolean {
    const e = this.entries.get(sessionId);
    if (!e || e.progress.state !== 'running') return false;
    e.progress.state = 'stopped';
    void e.source.stop();
    return true;
  }

  list(): ReplayProgress[] {
    for (const e of this.entries.values()) this.refresh(e);
    return [...this.entries.values()].map((e) => ({ ...e.progress }));
  }

  async close(): Promise<void> {
    for (const e of this.entries.values()) if (e.progress.state === 'running') this.stop(e.progress.sessionId);
  }

  private refresh(e: Entry): void {
    const r = e.source as LineSource & ReplayTimeline & Partial<ReplaySource>;
    const s = r.stats?.();
    if (s) {
      e.progress.framesSent = s.framesSent;
      e.progress.totalFrames = s.totalFrames;
      e.progress.achievedSpeed = Math.round(s.achievedSpeed * 10) / 10;
    }
    e.progress.originalTimeMs = e.source.currentOriginalMs();
  }

  private push(e: Entry): void {
    this.refresh(e);
    this.emit({ ...e.progress });
  }

  private finished(e: Entry, detail: string | undefined): void {
    if (e.timer) clearInterval(e.timer);
    e.timer = undefined;
    this.refresh(e);
    if (e.progress.state === 'running')
      e.progress.state = e.progress.framesSent >= e.progress.totalFrames ? 'done' : 'stopped';
    if (detail && e.progress.state === 'failed') e.progress.error = detail;
    this.emit({ ...e.progress });
    // Out of the source's own call stack: removing it stops and disposes its link.
    setImmediate(() => void this.host.removeSource(e.source).catch(() => undefined));
  }
}
