/**
 * The station core's composition root: builds the parts and wires them — sources → device links →
 * readings → store and live state → UI events (station-ingest.ts), the contract's methods
 * (station-handlers.ts), what it says about itself (station-status.ts), the store (station-store.ts)
 * and the devices (device-manager.ts). Electron-free; runs in the Electron core host and under plain Node.
 */
import { join } from 'node:path';
import {
  encodeJson,
  isAlarmOnset,
  type EncodedHandlers,
  type EventPayload,
  type MethodHandlers,
  type StationStatus,
} from '../contract/index.js';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../features/feature-spec.js';
import { ModuleFeatureTracker } from '../features/module-feature-tracker.js';
import { cellWindow } from '../features/cell-chemistry.js';
import { sessionCell } from './session-cell.js';
import { defaultModelPath } from '../ml/model-files.js';
import { RiskEngine } from '../ml/risk-engine.js';
import type { HistoryService } from '../history/history-service.js';
import type { DeviceLink } from '../devices/device-link.js';
import type { LineSource } from '../devices/line-source.js';
import { SafetyMonitor } from '../safety/safety-monitor.js';
import { DEFAULT_LIMITS } from '../safety/safety-limits.js';
import type { AlarmBook } from '../safety/alarm-book.js';
import { DeviceManager, type DeviceManagerOptions } from './device-manager.js';
import { LiveState } from './live-state.js';
import { CORE_PULSE_INTERVAL_MS } from '../contract/core-pulse.js';
import { CorePulseMeter } from './core-pulse-meter.js';
import { consoleLogger, Notices, type Logger } from './notices.js';
import { StationEvents, type StationEventListener } from './station-events.js';
import { stationHandlers } from './station-handlers.js';
import { StationIngest } from './station-ingest.js';
import { liveSnapshot, stationStatus } from './station-status.js';
import { openStationStore, type StationStore } from './station-store.js';
import { UI_MIN_GAP_MS, UiThrottle } from './ui-throttle.js';
import { StationAlarms, type StationAlarmsOptions } from './station-alarms.js';
import { createStationSync, type StationSyncOptions } from './station-sync.js';
import type { SyncService } from '../sync/sync-service.js';
import type { ServerAccessProvider } from './server-access-handlers.js';

export type { StationEventListener } from './station-events.js';

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
  /** Alarm timings (clear hold, restore grace) for tests. */
  alarms?: StationAlarmsOptions;
  /** The risk model: its ONNX file (default: STATION_MODEL_PATH or models/risk-model.onnx; null: off). */
  model?: { path?: string | null; holdMs?: number; tickMs?: number };
  /** The optional MongoDB sync: where its URI is kept (the desktop app's keychain), test timings. */
  sync?: StationSyncOptions;
}

export class StationCore {
  private store: StationStore | null = null;
  /** Kept after close(), unlike the store: a caller may still read what the closed service answers. */
  private history: HistoryService | null = null;
  private sync: SyncService | null = null;
  private readonly live = new LiveState();
  private readonly events = new StationEvents();
  private readonly notices: Notices;
  private readonly throttle: UiThrottle;
  private readonly ingest: StationIngest;
  private readonly startedAtMs = Date.now();
  private readonly pulse: CorePulseMeter;
  private readonly pulseTimer: ReturnType<typeof setInterval>;
  readonly alarms: AlarmBook;
  private readonly alarmRoom: StationAlarms;
  readonly safety: SafetyMonitor;
  /** Thermal-runaway risk per cell; advisory, outranked by the safety rules. */
  readonly ml: RiskEngine;
  /** Called once per Alarm-or-Runaway episode of a device while the interlock is on: it opens the relay. */
  private readonly criticalListeners = new Set<(deviceId: string, reason: string) => void>();
  readonly dbPath: string | null;
  readonly handlers: MethodHandlers;
  /** What the JSON transports (WebSocket, REST) can have already encoded, off this thread. */
  readonly encoders: EncodedHandlers = {
    getHistorySeries: async (p) =>
      this.history ? this.history.getSeriesJson(p) : encodeJson(await this.handlers.getHistorySeries(p)),
  };
  readonly devices: DeviceManager;
  private serverAccess: ServerAccessProvider | null = null;

  constructor(private readonly opts: StationOptions) {
    const emit = this.events.emit.bind(this.events);
    this.notices = new Notices(opts.logger ?? consoleLogger, (n) => emit('onNotice', n));
    const notify = this.notices.add.bind(this.notices);
    this.alarmRoom = new StationAlarms(
      {
        emit: (c) => {
          emit('onAlarmChanged', c);
          // The risk panel and banner show the rule's floor as the alarm goes out, not a model run later.
          const { deviceId, cell, source } = c.alarm;
          if (isAlarmOnset(c.change) && source === 'rule' && deviceId && cell !== null)
            this.ml.raiseToRuleFloor(deviceId, cell);
        },
        openRelay: (deviceId, reason) => {
          for (const l of this.criticalListeners) l(deviceId, reason);
        },
      },
      opts.alarms,
    );
    this.alarms = this.alarmRoom.book;
    // The interlock acts on the book's alarms (station-alarms.ts), not on the rules' findings directly.
    // Each device's limits are its session cell's (chemistry, window), as its features are.
    this.safety = new SafetyMonitor(
      this.alarms,
      () => undefined,
      DEFAULT_LIMITS,
      (deviceId) => cellWindow(sessionCell(this.history, deviceId)),
    );
    // A session edit (chemistry, capacity, V_min/V_max) applies to its device's cells at once, not at the
    // next connect: the limits, the SOC estimate and the model's windows.
    this.events.on((event, payload) => {
      if (event !== 'onSessionChanged') return;
      const { deviceId } = payload as EventPayload<'onSessionChanged'>;
      this.safety.rejudge(deviceId);
      this.ingest.recell(deviceId);
      this.ml.recell(deviceId);
    });
    this.throttle = new UiThrottle(
      () => emit('onLiveSnapshot', liveSnapshot(this.ingest, this.live)),
      opts.uiIntervalMs ?? UI_MIN_GAP_MS,
    );
    this.dbPath = opts.dataDir === null ? null : join(opts.dataDir, DB_FILE_NAME);
    const modelPath = opts.model?.path === undefined ? defaultModelPath() : opts.model.path;
    this.ml = new RiskEngine({
      modelPath,
      spec: { version: FEATURE_SET_VERSION, names: FEATURE_NAMES },
      tracker: new ModuleFeatureTracker({ cellOf: (deviceId) => sessionCell(this.history, deviceId) }),
      ...(opts.model?.holdMs !== undefined ? { holdMs: opts.model.holdMs } : {}),
      ...(opts.model?.tickMs !== undefined ? { tickMs: opts.model.tickMs } : {}),
      ...(opts.staleAfterMs !== undefined ? { reliability: { staleAfterMs: opts.staleAfterMs } } : {}),
      host: {
        activeRules: (deviceId) => this.alarmRoom.floorRules(deviceId),
        sessionAt: (deviceId, tHostMs) => this.history?.sessionAt(deviceId, tHostMs) ?? null,
        recordBatch: (groups, version) => this.history?.recordPredictionBatch(groups, version),
        emit: (u) => {
          this.alarmRoom.onPredictions(u);
          emit('onPredictions', u);
        },
        notify,
      },
    });
    this.ingest = new StationIngest({
      alarms: this.alarms,
      safety: this.safety,
      ml: this.ml,
      live: this.live,
      throttle: this.throttle,
      notices: this.notices,
      ...(opts.staleAfterMs !== undefined ? { staleAfterMs: opts.staleAfterMs } : {}),
    });
    if (this.dbPath !== null) {
      this.store = openStationStore({
        dbPath: this.dbPath,
        dataDir: opts.dataDir!,
        ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
        ...(opts.flushIntervalMs !== undefined ? { flushIntervalMs: opts.flushIntervalMs } : {}),
        stationVersion: STATION_VERSION,
        modelVersion: () => this.ml.modelVersion ?? 'none',
        notices: this.notices,
        live: this.live,
        host: { addSource: (s) => this.addSource(s), removeSource: (s) => this.removeSource(s), emit },
      });
      this.history = this.store?.history ?? null;
      if (this.history) this.alarmRoom.attachHistory(this.history);
      this.ingest.store = this.store;
      if (this.store)
        this.sync = createStationSync(
          { ...this.store, dbPath: this.dbPath, dataDir: opts.dataDir, nativeBinding: opts.nativeBinding },
          (st) => emit('onSyncStatus', st),
          opts.sync,
        );
    }
    this.devices = new DeviceManager(
      {
        addSource: (s, beforeStart) => this.addSource(s, beforeStart),
        removeSource: (s) => this.removeSource(s),
        notify,
        emitDeviceLinks: (links) => emit('onDeviceLinks', links),
        onCritical: (l) => this.onCritical(l),
      },
      { dataDir: opts.dataDir, ...opts.devices },
    );
    this.pulse = new CorePulseMeter(this.ingest);
    this.pulseTimer = setInterval(() => emit('onCorePulse', this.pulse.read()), CORE_PULSE_INTERVAL_MS);
    this.pulseTimer.unref();
    this.handlers = stationHandlers({
      devices: this.devices,
      history: () => this.history,
      sync: () => this.sync,
      status: () => this.status(),
      ingest: this.ingest,
      live: this.live,
      alarms: this.alarmRoom,
      ml: this.ml,
      pulse: this.pulse,
      serverAccess: () => this.serverAccess,
    });
  }

  /** The HTTP server serving this core answers the Settings → Server access requests (null: none). */
  setServerAccess(provider: ServerAccessProvider | null): void {
    this.serverAccess = provider;
  }

  on(listener: StationEventListener): () => void {
    return this.events.on(listener);
  }

  addSource(source: LineSource, beforeStart?: (link: DeviceLink) => void): Promise<DeviceLink> {
    return this.ingest.addSource(source, beforeStart);
  }

  /** Stops a source and drops its link (the operator disconnected the device). */
  removeSource(source: LineSource): Promise<void> {
    return this.ingest.removeSource(source);
  }

  status(): StationStatus {
    return stationStatus({
      version: STATION_VERSION,
      startedAtMs: this.startedAtMs,
      dataDir: this.opts.dataDir,
      dbPath: this.dbPath,
      storeOk: () => this.store !== null,
      ingest: this.ingest,
      live: this.live,
      notices: this.notices,
      ml: this.ml,
      sync: this.sync,
    });
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
    return this.store?.writer.flush() ?? 0;
  }

  /** History (sessions, replay, export, maintenance); null when the store did not open. */
  get historyService(): HistoryService | null {
    return this.history;
  }

  /** Data frames taken in from every link since start, committed or not (station-ingest.ts). */
  get ingestedFrames(): number {
    return this.ingest.ingestedFrames;
  }

  get storedReadings(): number {
    return this.store?.writer.storedReadings ?? 0;
  }

  async close(): Promise<void> {
    clearInterval(this.pulseTimer);
    this.pulse.dispose();
    this.devices.close();
    await this.ingest.stopAll();
    this.throttle.dispose();
    this.alarmRoom.close();
    await this.ml.close();
    await this.history?.close();
    await this.sync?.close();
    const store = this.store;
    this.store = null;
    this.ingest.store = null;
    store?.writer.close();
    store?.db.close();
  }
}
