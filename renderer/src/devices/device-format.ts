/**
 * Words and figures for the device bar and the Settings devices panel, from the contract's link
 * shapes. Pure, so the wording is tested without a browser. Unknown is never shown as fine: a link
 * that is not streaming fresh data says what it is doing instead.
 */
import type {
  DeviceLinkInfo,
  SerialPortInfo,
  SimScenarioInfo,
} from '../../../native-bridge/contract/device-methods.js';
import type { Tone } from '../components/StatusDot.js';
import { formatAge, formatCount } from '../format/units.js';

export function linkTone(l: DeviceLinkInfo): Tone {
  if (l.stale) return 'error';
  switch (l.state) {
    case 'streaming':
      return 'ok';
    case 'waiting-hello':
    case 'starting':
      return 'idle';
    case 'disconnected':
    case 'stale':
      return 'warn';
    case 'error':
      return 'error';
    default:
      return 'idle';
  }
}

export function linkStateText(l: DeviceLinkInfo): string {
  const base: Record<DeviceLinkInfo['state'], string> = {
    starting: 'Opening…',
    'waiting-hello': 'Waiting for the device’s hello',
    streaming: 'Streaming',
    stale: 'Stale',
    disconnected: 'Disconnected — reconnecting',
    stopped: 'Stopped',
    error: 'Error — retrying',
  };
  if (l.stale && l.state !== 'stale') return `${base[l.state]} · data stale`;
  return base[l.state];
}

export function formatBytesPerS(b: number | null | undefined): string {
  if (b === null || b === undefined || !Number.isFinite(b)) return '—';
  if (b < 1000) return `${Math.round(b)} B/s`;
  if (b < 1_000_000) return `${(b / 1000).toFixed(b < 10_000 ? 2 : 1)} kB/s`;
  return `${(b / 1_000_000).toFixed(2)} MB/s`;
}

export interface HealthFigure {
  key: string;
  label: string;
  value: string;
  /** Set when the figure is a problem worth colour. */
  tone?: 'warn' | 'error';
  title?: string;
}

/** How old the device's newest data is now, or null when none came: measured at the core's push, growing since. */
export function dataAgeMs(l: DeviceLinkInfo, nowMs: number, pushedAtMs: number): number | null {
  const age = l.health.lastDataAgeMs;
  return age === null ? null : age + Math.max(0, nowMs - pushedAtMs);
}

/** The link-health figures, in the order an operator scans them. */
export function healthFigures(l: DeviceLinkInfo, nowMs: number, pushedAtMs: number): HealthFigure[] {
  const h = l.health;
  const age = dataAgeMs(l, nowMs, pushedAtMs);
  const figures: HealthFigure[] = [
    {
      key: 'last',
      label: 'Last data',
      value: age === null ? 'none yet' : `${formatAge(age)} ago`,
      ...(l.stale ? { tone: 'error' as const } : {}),
    },
    { key: 'rate', label: 'Rate', value: formatBytesPerS(h.bytesPerS) },
    { key: 'ok', label: 'Frames ok', value: formatCount(h.framesOk) },
    {
      key: 'crc',
      label: 'Checksum errors',
      value: formatCount(h.checksumErrors),
      ...(h.checksumErrors > 0 ? { tone: 'warn' as const } : {}),
    },
    {
      key: 'bad',
      label: 'Malformed',
      value: formatCount(h.malformed),
      ...(h.malformed > 0 ? { tone: 'warn' as const } : {}),
      title: Object.entries(h.rejectedByReason)
        .filter(([r]) => r !== 'checksum_mismatch')
        .map(([r, n]) => `${r}: ${n}`)
        .join(', '),
    },
    {
      key: 'gaps',
      label: 'Seq gaps',
      value: h.seqGaps === 0 ? '0' : `${formatCount(h.seqGaps)} (${formatCount(h.missingFrames)} missing)`,
      ...(h.seqGaps > 0 ? { tone: 'warn' as const } : {}),
    },
    {
      key: 'reboots',
      label: 'Reboots',
      value: formatCount(h.reboots),
      ...(h.reboots > 0 ? { tone: 'warn' as const } : {}),
    },
  ];
  if (l.kind === 'serial') {
    figures.push(
      {
        key: 'drops',
        label: 'Disconnects',
        value: formatCount(h.disconnects),
        ...(h.disconnects > 0 ? { tone: 'warn' as const } : {}),
      },
      { key: 'ping', label: 'Ping', value: h.pingRttMs === null ? '—' : `${Math.round(h.pingRttMs)} ms` },
    );
  }
  return figures;
}

/** Device ids whose values on the Live tab are not current. */
export function staleDeviceIds(links: readonly DeviceLinkInfo[] | null): ReadonlySet<string> {
  const out = new Set<string>();
  for (const l of links ?? []) if (l.stale && l.deviceId) out.add(l.deviceId);
  return out;
}

export function deviceTitle(l: DeviceLinkInfo): string {
  return l.deviceId ? `${l.deviceId}` : l.label;
}

export function deviceSubtitle(l: DeviceLinkInfo): string {
  const parts: string[] = [];
  if (l.kind === 'serial') parts.push(`${l.path ?? l.spec.replace(/^serial:/, '').replace(/@\d+$/, '')} @ ${l.baud}`);
  else if (!l.sim) parts.push(l.label);
  if (l.usb?.rig) parts.push(`${l.usb.rig.vendor} ${l.usb.rig.chip}`);
  if (l.fwVersion) parts.push(`fw ${l.fwVersion}`);
  if (l.cellCount !== null) parts.push(`${l.cellCount} ${l.cellCount === 1 ? 'cell' : 'cells'}`);
  if (l.periodMs !== null) parts.push(`${l.periodMs >= 1000 ? `${l.periodMs / 1000} s` : `${l.periodMs} ms`} period`);
  return parts.join(' · ');
}

/** One line per port for the picker: path, what it is, and whether it looks like a rig. */
export function portLabel(p: SerialPortInfo): string {
  const what = [p.manufacturer, p.product].filter(Boolean).join(' ');
  const ids = p.vendorId ? `${p.vendorId}:${p.productId ?? '????'}` : null;
  const parts = [p.path];
  if (what) parts.push(what);
  else if (p.rig) parts.push(`${p.rig.vendor} ${p.rig.chip}`);
  if (ids) parts.push(`[${ids}]`);
  if (p.serialNumber) parts.push(`SN ${p.serialNumber}`);
  return parts.join(' — ');
}

/** The first port worth offering: a recognised rig nobody uses, else any free port. */
export function suggestedPort(ports: readonly SerialPortInfo[]): SerialPortInfo | null {
  return ports.find((p) => p.rig && !p.inUseBy) ?? ports.find((p) => !p.inUseBy) ?? null;
}

/**
 * The port field once a port list arrives: whatever the operator typed or picked stands, even an
 * emptied field; until they have chosen, the suggested port. (Filling the field only while it was empty
 * put the suggestion in front of a path being typed as the list arrived.)
 */
export function portFieldAfterListing(
  field: { path: string; chosen: boolean },
  ports: readonly SerialPortInfo[],
): string {
  return field.chosen ? field.path : (suggestedPort(ports)?.path ?? '');
}

/** Simulated time as the rig's clock would read: `12 s`, `34:05`, `2:05:09`. */
export function formatSimTime(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '—';
  const whole = Math.floor(s);
  if (whole < 60) return `${whole} s`;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const sec = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A speed-up as an operator types it: `1×`, `60×`, `0.5×`. */
export function formatSpeed(speed: number): string {
  return `${Number(speed.toPrecision(4))}×`;
}

/** One line for a simulated rig: which scenario, how fast, which seed, and its simulated clock. */
export function simSummary(l: DeviceLinkInfo): string | null {
  const s = l.sim;
  if (!s) return null;
  return [
    s.title ? `${s.scenario} — ${s.title}` : (s.scenario ?? 'simulated rig'),
    formatSpeed(s.speed),
    `seed ${s.seed}`,
    `t = ${formatSimTime(s.simTimeS)}`,
  ].join(' · ');
}

const THERMAL_EVENT_TEXT: Record<SimScenarioInfo['thermalEvent'], string> = {
  none: 'no thermal event',
  possible: 'runaway in some seeds',
  expected: 'runaway expected',
};

/** Whether a scenario ends in a thermal runaway, as its badge says it. */
export function thermalEventText(s: SimScenarioInfo): string {
  return THERMAL_EVENT_TEXT[s.thermalEvent];
}

/** A scenario's length, roughly, as the picker promises it: `40 min`, `2.5 h`. */
export function scenarioDurationText(s: number): string {
  return s >= 3600 ? `${+(s / 3600).toFixed(1)} h` : `${Math.round(s / 60)} min`;
}

/** How many real (serial) rigs run now: switching to the simulator disconnects them, so it asks first. */
export function serialRigCount(links: readonly DeviceLinkInfo[] | null): number {
  return (links ?? []).filter((l) => l.kind === 'serial').length;
}

/**
 * The devices that connecting a serial rig on `path` takes away, as the core does it: the simulator
 * makes way for real hardware, and the same port at another baud rate is replaced. The core matches the
 * port it was asked for (the spec's), which can differ from the one in use after a re-enumeration.
 */
export function linksReplacedBySerial(links: readonly DeviceLinkInfo[] | null, path: string): DeviceLinkInfo[] {
  return (links ?? []).filter(
    (l) => l.kind === 'sim' || (l.kind === 'serial' && (l.path === path || l.spec.startsWith(`serial:${path}@`))),
  );
}

/** The USB descriptor line of a device row: maker, product, serial number and stable path. */
export function usbText(usb: NonNullable<DeviceLinkInfo['usb']>): string {
  return [usb.manufacturer, usb.product, usb.serialNumber && `SN ${usb.serialNumber}`, usb.byIdPath]
    .filter(Boolean)
    .join(' · ');
}
