/**
 * The station's devices: which sources run (the simulator, one or more serial rigs, a replay) and the
 * operator's requests to change them. Each serial rig gets its own source, link and rig control, so
 * several rigs run side by side with their own cells. The parts live beside it: the running entries
 * (device-registry.ts), the remembered choice (device-choice.ts), the port list (serial-port-list.ts),
 * what the UI is shown (device-link-info.ts, pushed by link-health-push.ts), the interlock
 * (interlock.ts) and the contract's handlers (device-handlers.ts).
 */
import type { Notice } from '../contract/index.js';
import type { MethodResult } from '../contract/methods.js';
import type { CommandResult, DeviceCommand, DeviceLinkInfo } from '../contract/device-methods.js';
import type { HelloFrame } from '../protocol/index.js';
import { createSource, type SourceSettings } from './create-source.js';
import type { DeviceLink } from '../devices/device-link.js';
import type { LineSource } from '../devices/line-source.js';
import { SimRigControl } from '../devices/sim-rig-control.js';
import { SimulatorSource } from '../devices/simulator-source.js';
import { SerialRigControl, type SerialRigControlOptions } from '../devices/serial/serial-rig-control.js';
import type { RememberedSerial } from '../devices/serial/device-settings.js';
import { discoverPorts, type DiscoveryResult } from '../devices/serial/port-discovery.js';
import type { DiscoveredPort } from '../devices/serial/port-types.js';
import type { PortFactory } from '../devices/serial/serial-port-io.js';
import { SerialSource } from '../devices/serial/serial-source.js';
import { formatDeviceSpec, parseDeviceSpec, type DeviceSpec } from '../devices/device-spec.js';
import type { DeviceEntry } from './device-entry.js';
import { restoreDeviceChoice, saveDeviceChoice } from './device-choice.js';
import { deviceHandlers, type DeviceHandlers } from './device-handlers.js';
import { deviceLinkInfo } from './device-link-info.js';
import { DeviceRegistry } from './device-registry.js';
import { armInterlock } from './interlock.js';
import { recordRelayCommand } from './relay-command.js';
import { LinkHealthPush } from './link-health-push.js';
import { listSerialPorts } from './serial-port-list.js';

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

const DEFAULT_SIM: SourceSettings = { simSpeed: 1, simSeed: 1, simCells: null, simPeriodMs: 1000 };

export class DeviceManager {
  private readonly registry: DeviceRegistry;
  private readonly healthPush: LinkHealthPush;
  private sim: SourceSettings = DEFAULT_SIM;
  private readonly disarmInterlock: (() => void) | undefined;
  private closed = false;
  readonly handlers: DeviceHandlers;

  constructor(
    private readonly host: DeviceHost,
    private readonly opts: DeviceManagerOptions,
  ) {
    this.healthPush = new LinkHealthPush(() => host.emitDeviceLinks(this.linkInfos()), opts.pushIntervalMs ?? 1000);
    this.registry = new DeviceRegistry(host, () => this.healthPush.soon());
    this.disarmInterlock = armInterlock(host, () => this.registry.all());
    this.handlers = deviceHandlers(this);
  }

  /**
   * Starts the devices of this run: STATION_DEVICE when it was given (`explicit`), else the remembered
   * choice, else the simulator.
   */
  async start(device: DeviceSpec, deviceSpec: string, sim: SourceSettings, explicit: boolean): Promise<void> {
    this.sim = sim;
    this.healthPush.start();
    if (explicit || this.opts.dataDir === null || !(await this.restoreChoice(this.opts.dataDir)))
      await this.startSpec(device, deviceSpec, false);
  }

  private restoreChoice(dataDir: string): Promise<boolean> {
    const starter = {
      startSpec: (d: DeviceSpec, text: string, remember: boolean) => this.startSpec(d, text, remember),
      connectSerial: (path: string, baud: number, o: Parameters<DeviceManager['connectSerial']>[2]) =>
        this.connectSerial(path, baud, o),
    };
    return restoreDeviceChoice(dataDir, starter, this.host.notify.bind(this.host));
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
    await this.registry.add(source, sim ? (link) => new SimRigControl(sim, link) : null, remember);
  }

  async connectSerial(
    path: string,
    baud: number,
    o: { remember: boolean; remembered?: RememberedSerial; persist?: boolean },
  ): Promise<MethodResult<'connectSerialDevice'>> {
    const spec = formatDeviceSpec({ kind: 'serial', path, baud });
    const existing = this.registry.get(spec);
    if (existing) return this.connectResult(existing);
    // One port, one baud: connecting the same port at another rate replaces it; the simulator
    // makes way for real hardware.
    for (const e of [...this.registry.all()])
      if (e.source.kind === 'sim' || (e.source instanceof SerialSource && e.source.requestedPath === path))
        await this.registry.remove(e);
    const r = o.remembered;
    const source: SerialSource = new SerialSource({
      path,
      baud,
      spec,
      identity: r
        ? { serialNumber: r.serialNumber, vendorId: r.vendorId, productId: r.productId, location: r.location }
        : {},
      claimedPaths: () => this.registry.claimedPaths(source),
      ...(this.opts.portFactory ? { portFactory: this.opts.portFactory } : {}),
      ...(this.opts.lookupPorts ? { lookupPorts: this.opts.lookupPorts } : {}),
      ...(this.opts.serialRetry ? { retry: this.opts.serialRetry } : {}),
    });
    let entryRef: DeviceEntry | null = null;
    const entry = await this.registry.add(
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
            this.healthPush.soon();
          },
        }),
      o.remember,
    );
    entryRef = entry;
    entry.deviceId = r?.deviceId ?? null;
    if (o.persist !== false && o.remember) this.persist();
    return this.connectResult(entry);
  }

  private connectResult(e: DeviceEntry): MethodResult<'connectSerialDevice'> {
    const st = e.link.status();
    return { spec: e.spec, state: st.state, error: st.lastError };
  }

  private identified(entry: DeviceEntry | null, h: HelloFrame): void {
    if (!entry) return;
    entry.deviceId = h.deviceId;
    const serialNumber = entry.source instanceof SerialSource ? entry.source.identity.serialNumber : null;
    const key = `${h.deviceId}|${serialNumber ?? ''}`;
    if (key === entry.savedIdentity) return;
    entry.savedIdentity = key;
    if (entry.remembered) this.persist();
  }

  /**
   * A device that posts its lines over the network (server/ingest-route.ts): its own source and link
   * beside the others, never remembered (it comes back by posting again).
   */
  async attachNetworkSource(source: LineSource): Promise<DeviceLink> {
    const existing = this.registry.get(source.spec);
    if (existing) return existing.link;
    return (await this.registry.add(source, null, false)).link;
  }

  /** The link of a running device, if it still runs (the operator may have removed it). */
  linkOf(spec: string): DeviceLink | undefined {
    return this.registry.get(spec)?.link;
  }

  async disconnect(spec: string): Promise<boolean> {
    const e = this.registry.get(spec);
    if (!e) return false;
    await this.registry.remove(e);
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
    for (const e of [...this.registry.all()]) await this.registry.remove(e);
    await this.startSpec(clean, text, true);
    this.persist();
    return { spec: text };
  }

  /** An operator's command to one device; never throws (no device, or one that takes no commands, is an answer). */
  command(spec: string, command: DeviceCommand): Promise<CommandResult> | CommandResult {
    const e = this.registry.get(spec);
    if (!e) return { ok: false, detail: `No device ${spec}`, error: 'no-such-device', rttMs: null };
    if (!e.control)
      return { ok: false, detail: `${e.source.label} does not take commands`, error: 'not-supported', rttMs: null };
    const control = e.control;
    if (command.name === 'RELAY')
      return recordRelayCommand(e, { state: command.state, by: 'operator', reason: null }, () =>
        control.command(command),
      );
    return control.command(command);
  }

  listPorts(): Promise<MethodResult<'listSerialPorts'>> {
    return listSerialPorts(this.opts.discover ?? discoverPorts, this.registry.all());
  }

  linkInfos(): DeviceLinkInfo[] {
    return [...this.registry.all()].map(deviceLinkInfo);
  }

  /** Writes the current choice (the remembered entries) to devices.json. */
  private persist(): void {
    if (this.opts.dataDir === null || this.closed) return;
    saveDeviceChoice(this.opts.dataDir, this.registry.all(), this.host.notify.bind(this.host));
  }

  /** Stops the rig controls and timers; the core stops the sources. */
  close(): void {
    this.closed = true;
    this.healthPush.close();
    this.disarmInterlock?.();
    this.registry.closeControls();
  }
}
