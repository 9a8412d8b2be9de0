/**
 * The station core: wires sources → device links → readings → store and live state → UI events, and
 * answers the contract's methods. Electron-free; runs in the Electron core host and under plain Node.
 */
import { join } from 'node:path';
import type { CellReading, EventName, EventPayload, MethodHandlers, StationStatus } from '../contract/index.js';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../features/feature-spec.js';
import { ModuleFeatureTracker } from '../features/module-feature-tracker.js';
import { defaultModelPath } from '../ml/model-files.js';
import { RiskEngine } from '../ml/risk-engine.js';
import type { DataFrame } from '../protocol/index.js';
import { HistoryService, historyHandlers } from '../history/history-service.js';
import { openDatabase, type Db } from '../store/database.js';
import { ReadingQueries } from '../store/reading-queries.js';
import { StoreError } from '../store/store-errors.js';
import { StoreWriter } from '../store/store-writer.js';
import type { LineSource } from '../devices/line-source.js';
import { SafetyMonitor } from '../safety/safety-monitor.js';
import { AlarmBook } from '../safety/alarm-book.js';
import { DeviceLink } from '../devices/device-link.js';
import { DeviceManager, type DeviceManagerOptions } from './device-manager.js';
import { frameToReadings, frameToSampleRow } from './frame-readings.js';
import { LiveState } from './live-state.js';
import { consoleLogger, Notices, type Logger } from './notices.js';
import { FrameSocEstimators } from '../features/soc-estimator.js';
import { UiThrottle } from './ui-throttle.js';

export const STATION_VERSION = '0.1.0';
export const DB_FILE_NAME = 'station.sqlite';

export interface StationOptions {
  /** Folder for the database; `null` runs in memory only (tests, or when the folder is unusable). */
  dataDir: string | null;
  nativeBinding?: string;
  logger?: Logger;
  flushIntervalMs?: number;
  uiIntervalMs?: number;
  /** Silence after which a device's values are stale and "communication lost" is raised (default 5 s). */
  staleAfterMs?: number;
  /** Device layer seams (port factory, timings) for tests. */
  devices?: Omit<DeviceManagerOptions, 'dataDir'>;
  /** The risk model: its ONNX file (default: STATION_MODEL_PATH or models/risk-model.onnx; null: off). */
  model?: { path?: string | null; holdMs?: number; tickMs?: number };
}

export type StationEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class StationCore {
  private db: Db | null = null;
  private writer: StoreWriter | null = null;
  private queries: ReadingQueries | null = null;
  private history: HistoryService | null = null;
  private readonly links: DeviceLink[] = [];
  private readonly live = new LiveState();
  private readonly soc = new FrameSocEstimators();
  private readonly listeners = new Set<StationEventListener>();
  private readonly notices: Notices;
  private readonly throttle: UiThrottle;
  private readonly startedAtMs = Date.now();
  private framesIngested = 0;
  readonly alarms: AlarmBook;
  readonly safety: SafetyMonitor;
  /** Thermal-runaway risk per cell; advisory, outranked by the safety rules. */
  readonly ml: RiskEngine;
  /** Called once per critical episode of a device: the interlock opens its relay. */
  private readonly criticalListeners = new Set<(deviceId: string, reason: string) => void>();
  readonly dbPath: string | null;
  readonly handlers: MethodHandlers;
  readonly devices: DeviceManager;

  constructor(private readonly opts: StationOptions) {
    this.notices = new Notices(opts.logger ?? consoleLogger, (n) => this.emit('onNotice', n));
    this.alarms = new AlarmBook((a) => {
      this.history?.onAlarmChanged(a);
      this.emit('onAlarmChanged', a);
    });
    this.safety = new SafetyMonitor(this.alarms, (deviceId, reason) => {
      for (const l of this.criticalListeners) l(deviceId, reason);
    });
    this.throttle = new UiThrottle(() => this.emit('onLiveSnapshot', this.snapshot()), opts.uiIntervalMs ?? 100);
    this.dbPath = opts.dataDir === null ? null : join(opts.dataDir, DB_FILE_NAME);
    const modelPath = opts.model?.path === undefined ? defaultModelPath() : opts.model.path;
    this.ml = new RiskEngine({
      modelPath,
      spec: { version: FEATURE_SET_VERSION, names: FEATURE_NAMES },
      tracker: new ModuleFeatureTracker(),
      ...(opts.model?.holdMs !== undefined ? { holdMs: opts.model.holdMs } : {}),
      ...(opts.model?.tickMs !== undefined ? { tickMs: opts.model.tickMs } : {}),
      ...(opts.staleAfterMs !== undefined ? { reliability: { staleAfterMs: opts.staleAfterMs } } : {}),
      host: {
        activeRules: (deviceId) =>
          this.alarms
            .activeAlarms()
            .filter((a) => a.source === 'rule' && a.deviceId === deviceId)
            .map((a) => ({ code: a.code, message: a.message, cell: a.cell })),
        sessionAt: (deviceId, tHostMs) => this.history?.sessionAt(deviceId, tHostMs) ?? null,
        recordBatch: (groups, version) => this.history?.recordPredictionBatch(groups, version),
        emit: (u) => this.emit('onPredictions', u),
        notify: (level, code, message) => this.notices.add(level, code, message),
      },
    });
    this.openStore();
    this.devices = new DeviceManager(
      {
        addSource: (s, beforeStart) => this.addSource(s, beforeStart),
        removeSource: (s) => this.removeSource(s),
        notify: (level, code, message) => this.notices.add(level, code, message),
        emitDeviceLinks: (links) => this.emit('onDeviceLinks', links),
        onCritical: (l) => this.onCritical(l),
      },
      { dataDir: opts.dataDir, ...opts.devices },
    );
    this.handlers = {
      ...this.devices.handlers,
      ...historyHandlers(() => this.history),
      getStatus: () => this.status(),
      getStats: () => this.live.stats(this.currentDeviceIds()),
      getLatestReadings: ({ limit = 100 }) => this.live.latestReadings(limit),
      getActiveAlarms: () => this.alarms.activeAlarms(),
      getAlarmHistory: ({ limit = 200 }) => this.alarms.recent(limit),
      acknowledgeAlarm: ({ id }) => ({ ok: this.alarms.acknowledge(id) }),
      getLiveSeries: ({ windowS = 300, maxPoints = 3000 }) => this.live.series(Date.now() - windowS * 1000, maxPoints),
      getPredictions: ({ deviceId }) => this.ml.update(deviceId),
      getModelInfo: () => this.ml.info(),
    };
  }

  private openStore(): void {
    if (this.dbPath === null) return;
    try {
      this.db = openDatabase(this.dbPath, this.opts.nativeBinding ? { nativeBinding: this.opts.nativeBinding } : {});
      this.queries = new ReadingQueries(this.db);
      this.writer = new StoreWriter(this.db, this.dbPath, {
        flushIntervalMs: this.opts.flushIntervalMs ?? 200,
        onError: (e) => this.notices.add('error', e.code, e.message),
        onRecovered: () => this.notices.add('info', 'store.recovered', `Writing to ${this.dbPath} again.`),
      });
      this.writer.start();
      this.history = new HistoryService({
        db: this.db,
        dbPath: this.dbPath,
        dataDir: this.opts.dataDir!,
        writer: this.writer,
        stationVersion: STATION_VERSION,
        modelVersion: () => this.ml.modelVersion ?? 'none',
        host: {
          addSource: (s) => this.addSource(s),
          removeSource: (s) => this.removeSource(s),
          emit: (e, p) => this.emit(e, p),
          notify: (level, code, message) => this.notices.add(level, code, message),
        },
      });
      this.live.seed(this.queries.latestReadings(2000));
      this.live.totalRecords = this.queries.storedReadingCount();
      this.notices.add('info', 'store.opened', `Storing readings in ${this.dbPath}`);
    } catch (e) {
      const err = e instanceof StoreError ? e : new StoreError('store.failed', String(e));
      this.db = null;
      this.writer = null;
      this.queries = null;
      this.history = null;
      this.notices.add('error', err.code, `${err.message} Live data is shown but NOT stored.`);
    }
  }

  on(listener: StationEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) l(event, payload);
  }

  async addSource(source: LineSource, beforeStart?: (link: DeviceLink) => void): Promise<DeviceLink> {
    const link = new DeviceLink(
      source,
      {
        onHello: (h, t) => {
          this.history?.onHello(h, t, source);
          this.writer?.upsertDevice({
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
          this.writer?.addLinkEvent({
            tHostMs: t,
            deviceId: f.deviceId,
            source: source.spec,
            code: `device.${f.code}`,
            detail: f.detail,
          }),
        onLinkEvent: (code, detail, t, deviceId) =>
          this.writer?.addLinkEvent({ tHostMs: t, deviceId, source: source.spec, code, detail }),
        onStateChange: () => this.throttle.markDirty(),
      },
      { alarms: this.alarms, staleAfterMs: this.opts.staleAfterMs },
    );
    this.links.push(link);
    beforeStart?.(link);
    try {
      await source.start();
    } catch (e) {
      this.notices.add('error', 'source.start-failed', `Could not start ${source.label}: ${(e as Error).message}`);
    }
    return link;
  }

  /** Stops a source and drops its link (the operator disconnected the device). */
  async removeSource(source: LineSource): Promise<void> {
    const i = this.links.findIndex((l) => l.source === source);
    if (i < 0) return;
    const [link] = this.links.splice(i, 1);
    const deviceId = link!.status().deviceId;
    if (deviceId) this.ml.forgetDevice(deviceId);
    await source.stop().catch(() => undefined);
    link!.dispose();
    this.throttle.markDirty();
  }

  private ingest(f: DataFrame, tHostMs: number): void {
    this.framesIngested++;
    const est = this.soc.update(f.deviceId, f.tDevMs, f.cellMv, f.packMa);
    const readings: CellReading[] = frameToReadings(f, tHostMs, est);
    this.live.add(readings);
    this.safety.onReadings(readings);
    // After the rules: the risk model captures which rule alarms hold with the features.
    this.ml.onReadings(readings);
    this.writer?.addSample(frameToSampleRow(f, tHostMs, est));
    this.throttle.markDirty();
  }

  /** Devices whose links stream fresh data now: what the live statistics count. */
  private currentDeviceIds(): Set<string> {
    const ids = new Set<string>();
    for (const l of this.links) {
      const s = l.status();
      if (s.state === 'streaming' && s.deviceId !== null) ids.add(s.deviceId);
    }
    return ids;
  }

  private snapshot(): EventPayload<'onLiveSnapshot'> {
    return {
      nowMs: Date.now(),
      stats: this.live.stats(this.currentDeviceIds()),
      devices: this.links.map((l) => l.status()),
      latestByCell: this.live.latestByCell(),
    };
  }

  status(): StationStatus {
    return {
      version: STATION_VERSION,
      startedAtMs: this.startedAtMs,
      nowMs: Date.now(),
      dataDir: this.opts.dataDir,
      dbPath: this.dbPath,
      storeOk: this.writer !== null,
      devices: this.links.map((l) => l.status()),
      stats: this.live.stats(this.currentDeviceIds()),
      notices: this.notices.all(),
      model: {
        state: this.ml.modelState,
        modelVersion: this.ml.modelVersion,
        rulesOnly: this.ml.modelState !== 'loaded',
        error: this.ml.info().error,
      },
    };
  }

  /** Subscribes to critical safety findings (the device layer opens the rig relay on them). */
  onCritical(listener: (deviceId: string, reason: string) => void): () => void {
    this.criticalListeners.add(listener);
    return () => this.criticalListeners.delete(listener);
  }

  reportError(code: string, message: string): void {
    this.notices.add('error', code, message);
  }

  /** Commits queued readings now (tests, shutdown). */
  flush(): number {
    return this.writer?.flush() ?? 0;
  }

  /** History (sessions, replay, export, maintenance); null when the store did not open. */
  get historyService(): HistoryService | null {
    return this.history;
  }

  /**
   * Data frames taken in from every link since start, committed or not: a counter a caller may poll
   * every few milliseconds (the serial bench), where building linkInfos() each time would cost more.
   */
  get ingestedFrames(): number {
    return this.framesIngested;
  }

  get storedReadings(): number {
    return this.writer?.storedReadings ?? 0;
  }

  async close(): Promise<void> {
    this.devices.close();
    for (const l of this.links) {
      await l.source.stop().catch(() => undefined);
      l.dispose();
    }
    this.throttle.dispose();
    await this.ml.close();
    await this.history?.close();
    this.writer?.close();
    this.db?.close();
    this.db = null;
    this.writer = null;
  }
}
