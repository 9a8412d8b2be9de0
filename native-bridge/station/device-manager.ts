/**
 * The station's devices: which sources run (the simulator, one or more serial rigs), the contract's
 * device requests, the remembered choice (devices.json in the data folder) and its restoration at the
 * next start, the link health pushed to the UI, and the interlock hook (a critical safety finding
 * opens the relay of the device it came from). Each serial rig gets its own source, link and rig control,
 * so several rigs run side by side with their own cells.
 */
import type { Notice } from '../contract/index.js';
import type { MethodParams, MethodResult } from '../contract/methods.js';
import type {
  CommandResult,
  DEVICE_METHODS,
  DeviceCommand,
  DeviceLinkInfo,
  SerialPortInfo,
  SimScenarioInfo,
} from '../contract/device-methods.js';
import { DEFAULT_BAUD_RATE } from '../contract/device-methods.js';
import type { CommandName, HelloFrame } from '../protocol/index.js';
import { SCENARIOS } from '../sim/index.js';
import { createSource, type SourceSettings } from './create-source.js';
import type { LineSource } from '../devices/line-source.js';
import { SimRigControl } from '../devices/sim-rig-control.js';
import { SimulatorSource } from '../devices/simulator-source.js';
import { SerialRigControl, type SerialRigControlOptions } from '../devices/serial/serial-rig-control.js';
import {
  loadDeviceSettings,
  saveDeviceSettings,
  type RememberedDevice,
  type RememberedSerial,
} from '../devices/serial/device-settings.js';
import { discoverPorts, type DiscoveryResult } from '../devices/serial/port-discovery.js';
import type { DiscoveredPort } from '../devices/serial/port-types.js';
import { recogniseRigChip } from '../devices/serial/rig-recognition.js';
import type { PortFactory } from '../devices/serial/serial-port-io.js';
import { SerialSource } from '../devices/serial/serial-source.js';
import type { DeviceLink } from '../devices/device-link.js';
import { formatDeviceSpec, parseDeviceSpec, type DeviceSpec } from '../devices/device-spec.js';

export interface DeviceHost {
  /** Adds a source; `beforeStart` sees its link before the source starts (to attach its rig control). */
  addSource(source: LineSource, beforeStart?: (link: DeviceLink) => void): Promise<DeviceLink>;
  removeSource(source: LineSource): Promise<void>;
  notify(level: Notice['level'], code: string, message: string): void;
  emitDeviceLinks(links: DeviceLinkInfo[]): void;
  /** Critical safety findings, per device (the interlock). */
  onCritical?(listener: (deviceId: string, reason: string) => void): () => void;
}

export interface DeviceManagerOptions {
  dataDir: string | null;
  portFactory?: PortFactory;
  lookupPorts?: () => Promise<DiscoveredPort[]>;
  discover?: () => Promise<DiscoveryResult>;
  rigControl?: Omit<SerialRigControlOptions, 'expectedDeviceId' | 'onIdentified' | 'onDiagnosis'>;
  serialRetry?: { minMs?: number; maxMs?: number; operatorMs?: number };
  /** Link health is pushed this often while devices run (and soon after any change). */
  pushIntervalMs?: number;
}

type DeviceMethodName = keyof typeof DEVICE_METHODS;
export type DeviceHandlers = {
  [M in DeviceMethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>> | MethodResult<M>;
};

/** What the manager needs of a device that takes commands: a serial rig's control or the simulator's. */
interface RigControl {
  readonly channel: { readonly sent: number; readonly timeouts: number };
  readonly pingRttMs: number | null;
  readonly diagnosis: string | null;
  send(name: CommandName, arg?: string | null, timeoutMs?: number): Promise<CommandResult>;
  command(c: DeviceCommand): Promise<CommandResult>;
  close(): void;
}

interface Entry {
  spec: string;
  source: LineSource;
  link: DeviceLink;
  control: RigControl | null;
  /** Part of the remembered choice (chosen in the UI or restored from it), not a one-off STATION_DEVICE. */
  remembered: boolean;
  deviceId: string | null;
  /** Device id and USB serial number as last written to devices.json. */
  savedIdentity: string | null;
  lastNotified: string | null;
  /** A problem was put in front of the operator: say so when it is over (`source.recovered`). */
  problemShown: boolean;
}

const DEFAULT_SIM: SourceSettings = { simSpeed: 1, simSeed: 1, simCells: null, simPeriodMs: 1000 };

const SIM_SCENARIOS: SimScenarioInfo[] = SCENARIOS.map((s) => ({
  name: s.name,
  title: s.title,
  description: s.description,
  defaultCellCount: s.defaultCellCount,
  defaultChemistry: s.defaultChemistry,
  tempProbe: s.tempProbe,
  thermalEvent: s.thermalEvent,
  suggestedDurationS: s.suggestedDurationS,
}));
const INTERLOCK_TRIES = 3;

export class DeviceManager {
  private readonly entries = new Map<string, Entry>();
  private sim: SourceSettings = DEFAULT_SIM;
  private pushTimer: NodeJS.Timeout | undefined;
  private pushSoon: NodeJS.Timeout | undefined;
  private readonly offCritical: (() => void) | undefined;
  private closed = false;
  readonly handlers: DeviceHandlers;

  constructor(
    private readonly host: DeviceHost,
    private readonly opts: DeviceManagerOptions,
  ) {
    this.offCritical = host.onCritical?.((deviceId, reason) => void this.openRelay(deviceId, reason));
    this.handlers = {
      listSerialPorts: () => this.listPorts(),
      getDeviceLinks: () => this.linkInfos(),
      connectSerialDevice: ({ path, baud }) => this.connectSerial(path, baud ?? DEFAULT_BAUD_RATE, { remember: true }),
      disconnectDevice: async ({ spec }) => ({ ok: await this.disconnect(spec) }),
      useSimulator: () => this.useSimulator(),
      listSimScenarios: () => SIM_SCENARIOS,
      connectSim: ({ scenario, speed, seed, cells }) =>
        this.connectSim({ kind: 'sim', scenario: scenario ?? null, speed, seed, cells }),
      sendDeviceCommand: ({ spec, command }) => {
        const e = this.entries.get(spec);
        if (!e) return { ok: false, detail: `No device ${spec}`, error: 'no-such-device', rttMs: null };
        if (!e.control)
          return { ok: false, detail: `${e.source.label} does not take commands`, error: 'not-supported', rttMs: null };
        return e.control.command(command);
      },
    };
  }

  /**
   * Starts the devices of this run: STATION_DEVICE when it was given (`explicit`), else the remembered
   * choice, else the simulator.
   */
  async start(device: DeviceSpec, deviceSpec: string, sim: SourceSettings, explicit: boolean): Promise<void> {
    this.sim = sim;
    this.pushTimer ??= setInterval(() => this.push(), this.opts.pushIntervalMs ?? 1000);
    this.pushTimer.unref?.();
    if (explicit || this.opts.dataDir === null) {
      await this.startSpec(device, deviceSpec, false);
      return;
    }
    const loaded = loadDeviceSettings(this.opts.dataDir);
    if (!loaded.ok) {
      this.host.notify('warning', 'devices.settings-unreadable', `${loaded.error}. Starting the simulator instead.`);
      await this.startSpec({ kind: 'sim', scenario: null }, 'sim', false);
      return;
    }
    if (loaded.settings === null) {
      await this.startSpec(device, deviceSpec, false);
      return;
    }
    if (loaded.settings.devices.length === 0)
      this.host.notify('info', 'devices.none', 'No device is connected (the last choice was to disconnect all).');
    for (const d of loaded.settings.devices) await this.restore(d);
  }

  private async restore(d: RememberedDevice): Promise<void> {
    if (d.kind === 'sim') {
      let spec: DeviceSpec;
      try {
        spec = parseDeviceSpec(d.spec);
      } catch (e) {
        // A scenario renamed or removed since it was remembered: say so and run the default one.
        this.host.notify('warning', 'devices.sim-unknown', `${(e as Error).message} Starting the default simulator.`);
        await this.startSpec({ kind: 'sim', scenario: null }, 'sim', true);
        return;
      }
      await this.startSpec(spec, d.spec, true);
      return;
    }
    await this.connectSerial(d.path, d.baud, { remember: true, remembered: d, persist: false });
    this.host.notify('info', 'devices.restored', `Reconnecting to the remembered device on ${d.path} @ ${d.baud}.`);
  }

  private async startSpec(device: DeviceSpec, specText: string, remember: boolean): Promise<void> {
    if (device.kind === 'serial') {
      await this.connectSerial(device.path, device.baud, { remember, persist: false });
      return;
    }
    let source: LineSource;
    try {
      source = createSource(device, specText, this.sim);
    } catch (e) {
      this.host.notify('error', 'source.failed', `Device ${specText}: ${(e as Error).message}`);
      return;
    }
    const sim = source instanceof SimulatorSource ? source : null;
    await this.add(source, sim ? (link) => new SimRigControl(sim, link) : null, remember);
  }

  private async add(source: LineSource, makeControl: ((link: DeviceLink) => RigControl) | null, remember: boolean) {
    const entry: Entry = {
      spec: source.spec,
      source,
      link: null as unknown as DeviceLink,
      control: null,
      remembered: remember,
      deviceId: null,
      savedIdentity: null,
      lastNotified: null,
      problemShown: false,
    };
    this.entries.set(source.spec, entry);
    // Notices use the `source.` family: the banner heads them as a device problem, and a later
    // `source.recovered` clears them.
    source.on('state', (state, detail) => {
      if ((state === 'error' || state === 'disconnected') && detail && detail !== entry.lastNotified) {
        entry.lastNotified = detail;
        if (state === 'error') {
          entry.problemShown = true;
          this.host.notify('error', 'source.port-error', detail);
        } else this.host.notify('info', 'source.waiting', `${source.label}: ${detail}`);
      }
      if (state === 'streaming') entry.lastNotified = null;
      this.schedulePush();
    });
    entry.link = await this.host.addSource(source, (link) => {
      entry.link = link;
      entry.control = makeControl?.(link) ?? null;
      link.on('stale', () => this.schedulePush());
      link.on('fresh', () => this.schedulePush());
      link.on('hello', (h, _t, accepted) => {
        if (accepted && entry.problemShown) {
          entry.problemShown = false;
          this.host.notify('info', 'source.recovered', `${source.label}: ${h.deviceId} is streaming again.`);
        }
        this.schedulePush();
      });
    });
    this.schedulePush();
    return entry;
  }

  async connectSerial(
    path: string,
    baud: number,
    o: { remember: boolean; remembered?: RememberedSerial; persist?: boolean },
  ): Promise<MethodResult<'connectSerialDevice'>> {
    const spec = formatDeviceSpec({ kind: 'serial', path, baud });
    const existing = this.entries.get(spec);
    if (existing) return this.connectResult(existing);
    // One port, one baud: connecting the same port at another rate replaces it; the simulator
    // makes way for real hardware.
    for (const e of [...this.entries.values()])
      if (e.source.kind === 'sim' || (e.source instanceof SerialSource && e.source.requestedPath === path))
        await this.remove(e);
    const r = o.remembered;
    const source: SerialSource = new SerialSource({
      path,
      baud,
      spec,
      identity: r
        ? { serialNumber: r.serialNumber, vendorId: r.vendorId, productId: r.productId, location: r.location }
        : {},
      claimedPaths: () => this.claimedPaths(source),
      ...(this.opts.portFactory ? { portFactory: this.opts.portFactory } : {}),
      ...(this.opts.lookupPorts ? { lookupPorts: this.opts.lookupPorts } : {}),
      ...(this.opts.serialRetry ? { retry: this.opts.serialRetry } : {}),
    });
    let entryRef: Entry | null = null;
    const entry = await this.add(
      source,
      (link) =>
        new SerialRigControl(source, link, {
          ...this.opts.rigControl,
          expectedDeviceId: r?.deviceId ?? null,
          onIdentified: (h) => this.identified(entryRef, h),
          onDiagnosis: (d) => {
            if (d && entryRef) {
              entryRef.problemShown = true;
              this.host.notify('warning', 'source.diagnosis', `${source.label}: ${d}`);
            }
            this.schedulePush();
          },
        }),
      o.remember,
    );
    entryRef = entry;
    entry.deviceId = r?.deviceId ?? null;
    if (o.persist !== false && o.remember) this.persist();
    return this.connectResult(entry);
  }

  private connectResult(e: Entry): MethodResult<'connectSerialDevice'> {
    const st = e.link.status();
    return { spec: e.spec, state: st.state, error: st.lastError };
  }

  private identified(entry: Entry | null, h: HelloFrame): void {
    if (!entry) return;
    entry.deviceId = h.deviceId;
    const serialNumber = entry.source instanceof SerialSource ? entry.source.identity.serialNumber : null;
    const key = `${h.deviceId}|${serialNumber ?? ''}`;
    if (key === entry.savedIdentity) return;
    entry.savedIdentity = key;
    if (entry.remembered) this.persist();
  }

  private claimedPaths(except: LineSource): ReadonlySet<string> {
    const s = new Set<string>();
    for (const e of this.entries.values())
      if (e.source !== except && e.source instanceof SerialSource && e.source.currentPath) s.add(e.source.currentPath);
    return s;
  }

  private async remove(e: Entry): Promise<void> {
    this.entries.delete(e.spec);
    e.control?.close();
    await this.host.removeSource(e.source);
    this.schedulePush();
  }

  async disconnect(spec: string): Promise<boolean> {
    const e = this.entries.get(spec);
    if (!e) return false;
    await this.remove(e);
    this.persist();
    return true;
  }

  async useSimulator(): Promise<{ spec: string }> {
    return this.connectSim({ kind: 'sim', scenario: null });
  }

  /**
   * Replaces every device with the simulated rig running `spec`'s scenario (options left out come from
   * STATION_SIM_*), and remembers the choice. An unknown scenario or a bad option throws with the valid
   * names before anything is stopped.
   */
  async connectSim(spec: DeviceSpec & { kind: 'sim' }): Promise<{ spec: string }> {
    const clean: DeviceSpec & { kind: 'sim' } = { kind: 'sim', scenario: spec.scenario };
    for (const k of ['speed', 'seed', 'cells'] as const) if (spec[k] !== undefined) clean[k] = spec[k];
    const text = formatDeviceSpec(clean);
    // Round trip through the parser: the one place that knows the scenario names and option ranges.
    parseDeviceSpec(text);
    for (const e of [...this.entries.values()]) await this.remove(e);
    await this.startSpec(clean, text, true);
    this.persist();
    return { spec: text };
  }

  /** Writes the current choice (the remembered entries) to devices.json. */
  private persist(): void {
    if (this.opts.dataDir === null || this.closed) return;
    const devices: RememberedDevice[] = [];
    for (const e of this.entries.values()) {
      if (!e.remembered) continue;
      if (e.source instanceof SerialSource) {
        const id = e.source.identity;
        devices.push({
          kind: 'serial',
          path: e.source.requestedPath,
          baud: e.source.baud,
          serialNumber: id.serialNumber,
          vendorId: id.vendorId,
          productId: id.productId,
          location: id.location,
          deviceId: e.deviceId,
        });
      } else if (e.source.kind === 'sim') devices.push({ kind: 'sim', spec: e.spec });
    }
    try {
      saveDeviceSettings(this.opts.dataDir, { version: 1, devices });
    } catch (err) {
      this.host.notify(
        'warning',
        'devices.settings-unwritable',
        `Could not remember the device choice: ${(err as Error).message}`,
      );
    }
  }

  private async listPorts(): Promise<MethodResult<'listSerialPorts'>> {
    const r = await (this.opts.discover ?? discoverPorts)();
    const users = new Map<string, string>();
    for (const e of this.entries.values())
      if (e.source instanceof SerialSource && e.source.currentPath) users.set(e.source.currentPath, e.spec);
    const ports: SerialPortInfo[] = r.ports.map((p) => ({
      path: p.path,
      byIdPath: p.byIdPath,
      manufacturer: p.manufacturer,
      product: p.product,
      serialNumber: p.serialNumber,
      vendorId: p.vendorId,
      productId: p.productId,
      location: p.location,
      rig: p.rig,
      inUseBy: users.get(p.path) ?? (p.byIdPath ? (users.get(p.byIdPath) ?? null) : null),
    }));
    return { ports, method: r.method, warnings: r.warnings };
  }

  linkInfos(): DeviceLinkInfo[] {
    return [...this.entries.values()].map((e) => this.linkInfo(e));
  }

  private linkInfo(e: Entry): DeviceLinkInfo {
    const st = e.link.status();
    const hello = e.link.currentHello;
    const serial = e.source instanceof SerialSource ? e.source : null;
    const ch = e.control?.channel;
    const usb = serial?.usbInfo ?? null;
    return {
      spec: e.spec,
      kind: e.source.kind,
      label: e.source.label,
      state: st.state,
      stale: e.link.isStale,
      staleAfterMs: e.link.effectiveStaleAfterMs,
      path: serial?.currentPath ?? null,
      baud: serial?.baud ?? null,
      usb: usb
        ? {
            path: usb.path,
            byIdPath: usb.byIdPath,
            manufacturer: usb.manufacturer,
            product: usb.product,
            serialNumber: usb.serialNumber,
            vendorId: usb.vendorId,
            productId: usb.productId,
            location: usb.location,
            rig: recogniseRigChip(usb.vendorId, usb.productId),
          }
        : null,
      deviceId: hello?.deviceId ?? null,
      bootId: hello?.bootId ?? null,
      fwVersion: hello?.fwVersion ?? null,
      cellCount: hello?.cellCount ?? null,
      periodMs: hello?.periodMs ?? null,
      channels: hello?.channels ?? null,
      ...e.link.deviceFlags(),
      health: e.link.health({
        pingRttMs: e.control?.pingRttMs ?? null,
        commandsSent: ch?.sent ?? 0,
        commandTimeouts: ch?.timeouts ?? 0,
      }),
      lastError: st.lastError,
      diagnosis: e.control?.diagnosis ?? null,
      sim: e.source instanceof SimulatorSource ? e.source.info : null,
      remembered: e.remembered,
    };
  }

  /** The interlock: a critical finding opens the relay of that device (retried; logged either way). */
  private async openRelay(deviceId: string, reason: string): Promise<void> {
    for (const e of this.entries.values()) {
      if (!e.control || e.link.deviceId !== deviceId) continue;
      let last = null;
      for (let i = 0; i < INTERLOCK_TRIES; i++) {
        last = await e.control.send('RELAY', 'OPEN');
        if (last.ok) break;
      }
      e.link.recordEvent('link.interlock', `relay=open;ok=${last?.ok ? 1 : 0};reason=${reason.slice(0, 120)}`);
      if (!last?.ok)
        this.host.notify(
          'error',
          'device.interlock-failed',
          `Could not open the relay of ${deviceId} (${last?.detail ?? 'no answer'}). The firmware opens it on its own limits and on heartbeat loss; check the rig.`,
        );
    }
  }

  private schedulePush(): void {
    if (this.pushSoon || this.closed) return;
    this.pushSoon = setTimeout(() => {
      this.pushSoon = undefined;
      this.push();
    }, 200);
    this.pushSoon.unref?.();
  }

  private push(): void {
    if (this.closed) return;
    this.host.emitDeviceLinks(this.linkInfos());
  }

  /** Stops the rig controls and timers; the core stops the sources. */
  close(): void {
    this.closed = true;
    if (this.pushTimer) clearInterval(this.pushTimer);
    if (this.pushSoon) clearTimeout(this.pushSoon);
    this.offCritical?.();
    for (const e of this.entries.values()) e.control?.close();
  }
}
