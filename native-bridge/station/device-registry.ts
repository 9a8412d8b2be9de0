/**
 * The devices running now, one entry per source spec: a source is added through the station (which
 * gives it a link) with its rig control, its states become the operator's notices, and every change
 * asks for a link-health push. Notices use the `source.` family: the banner heads them as a device
 * problem, and a later `source.recovered` clears them.
 */
import type { Notice } from '../contract/index.js';
import type { DeviceLink } from '../devices/device-link.js';
import type { LineSource } from '../devices/line-source.js';
import type { RigControl } from '../devices/rig-control.js';
import { SerialSource } from '../devices/serial/serial-source.js';
import type { DeviceEntry } from './device-entry.js';

export interface RegistryHost {
  /** Adds a source; `beforeStart` sees its link before the source starts (to attach its rig control). */
  addSource(source: LineSource, beforeStart?: (link: DeviceLink) => void): Promise<DeviceLink>;
  removeSource(source: LineSource): Promise<void>;
  notify(level: Notice['level'], code: string, message: string): void;
}

export class DeviceRegistry {
  private readonly entries = new Map<string, DeviceEntry>();

  constructor(
    private readonly host: RegistryHost,
    /** Something the operator sees changed: push the link health soon. */
    private readonly changed: () => void,
  ) {}

  get(spec: string): DeviceEntry | undefined {
    return this.entries.get(spec);
  }

  /** The running entries, live: one added or removed while a caller iterates is seen as in a Map. */
  all(): IterableIterator<DeviceEntry> {
    return this.entries.values();
  }

  async add(
    source: LineSource,
    makeControl: ((link: DeviceLink) => RigControl) | null,
    remember: boolean,
  ): Promise<DeviceEntry> {
    const entry: DeviceEntry = {
      spec: source.spec,
      source,
      link: null as unknown as DeviceLink,
      control: null,
      remembered: remember,
      deviceId: null,
      savedIdentity: null,
      lastNotified: null,
      problemShown: false,
      relayCommand: null,
    };
    this.entries.set(source.spec, entry);
    source.on('state', (state, detail) => {
      if ((state === 'error' || state === 'disconnected') && detail && detail !== entry.lastNotified) {
        entry.lastNotified = detail;
        if (state === 'error') {
          entry.problemShown = true;
          this.host.notify('error', 'source.port-error', detail);
        } else this.host.notify('info', 'source.waiting', `${source.label}: ${detail}`);
      }
      if (state === 'streaming') entry.lastNotified = null;
      this.changed();
    });
    entry.link = await this.host.addSource(source, (link) => {
      entry.link = link;
      entry.control = makeControl?.(link) ?? null;
      link.on('stale', () => this.changed());
      link.on('fresh', () => this.changed());
      link.on('hello', (h, _t, accepted) => {
        if (accepted && entry.problemShown) {
          entry.problemShown = false;
          this.host.notify('info', 'source.recovered', `${source.label}: ${h.deviceId} is streaming again.`);
        }
        this.changed();
      });
    });
    this.changed();
    return entry;
  }

  async remove(e: DeviceEntry): Promise<void> {
    this.entries.delete(e.spec);
    e.control?.close();
    await this.host.removeSource(e.source);
    this.changed();
  }

  /** Ports other serial entries hold now, so a source looking for its rig does not take another's. */
  claimedPaths(except: LineSource): ReadonlySet<string> {
    const s = new Set<string>();
    for (const e of this.entries.values())
      if (e.source !== except && e.source instanceof SerialSource && e.source.currentPath) s.add(e.source.currentPath);
    return s;
  }

  /** Stops every rig control; the station stops the sources. */
  closeControls(): void {
    for (const e of this.entries.values()) e.control?.close();
  }
}
