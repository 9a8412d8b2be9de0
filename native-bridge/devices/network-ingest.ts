/**
 * Network ingest: protocol v1 lines posted by rigs over the network, each through the same link and
 * decoder as a serial line (DeviceLink.receiveLine), and each device its own source. A line is routed
 * by the device id it names (`$EVB1,<kind>,<deviceId>,…`), so one request may carry several rigs (a
 * gateway); a line that names none goes to the request's device, if it gave one. Every line gets its
 * outcome: taken, held until the device's hello, a repeat of one taken before (a retried request), or
 * refused with the decoder's or the link's reason — valid lines are kept whatever their neighbours are.
 */
import { PATTERNS } from '../protocol/field-rules.js';
import { decodeLine, encodeFrame, FrameEncodeError, type Frame } from '../protocol/index.js';
import type { DeviceLink, LineOutcome } from './device-link.js';
import { NetworkSource, networkSpec } from './network-source.js';

export interface NetworkIngestHost {
  /** Adds the device's source beside the others and returns its link (the existing one if it runs). */
  attach(source: NetworkSource): Promise<DeviceLink>;
  /** The link of a running source, if the operator has not removed it. */
  linkOf(spec: string): DeviceLink | undefined;
}

export interface IngestLineResult {
  /** 0-based position in the request. */
  index: number;
  reason: string;
}

export interface IngestResult {
  lines: number;
  accepted: number;
  /** Data frames waiting for their device's hello (taken once it comes, dropped if it never does). */
  held: number;
  /** Frames already taken (a request retried after a lost answer): not stored twice. */
  duplicates: number;
  rejectedCount: number;
  /** The refused lines with their reasons (the first MAX_REPORTED of them). */
  rejected: IngestLineResult[];
  devices: string[];
}

/** Lines of one request, and devices a station takes from the network at all. */
export const MAX_INGEST_LINES = 20_000;
export const MAX_NETWORK_DEVICES = 32;
const MAX_REPORTED = 1000;

/** The device id a line names, read without decoding it (the link decodes); null when it names none. */
export function deviceIdOfLine(line: string): string | null {
  const start = line.lastIndexOf('$');
  if (start < 0 || !line.startsWith('EVB1,', start + 1)) return null;
  const kind = line[start + 6];
  if (kind !== 'H' && kind !== 'D' && kind !== 'E' && kind !== 'A') return null;
  if (line[start + 7] !== ',') return null;
  const end = line.indexOf(',', start + 8);
  const id = line.slice(start + 8, end < 0 ? undefined : end);
  return PATTERNS.deviceId.test(id) ? id : null;
}

/** A frame in its JSON form as a wire line; the encoder's words when it cannot be one. */
export function frameToLine(frame: Frame): { line: string } | { reason: string } {
  try {
    return { line: encodeFrame(frame).trimEnd() };
  } catch (e) {
    if (e instanceof FrameEncodeError) return { reason: `bad_frame: ${e.message}` };
    return { reason: 'bad_frame' };
  }
}

export class NetworkIngest {
  private readonly sources = new Map<string, NetworkSource>();
  private readonly attaching = new Map<string, Promise<DeviceLink>>();

  constructor(private readonly host: NetworkIngestHost) {}

  private async linkFor(deviceId: string): Promise<DeviceLink | { reason: string }> {
    const spec = networkSpec(deviceId);
    const running = this.host.linkOf(spec);
    if (running && this.sources.has(deviceId)) return running;
    if (!this.sources.has(deviceId) && this.sources.size >= MAX_NETWORK_DEVICES)
      return { reason: `too_many_devices: this station takes ${MAX_NETWORK_DEVICES} network rigs` };
    // Two requests of a new rig at once attach it once; a rig the operator removed comes back as a
    // new source with a fresh link.
    let pending = this.attaching.get(deviceId);
    if (!pending) {
      const source = new NetworkSource(deviceId);
      this.sources.set(deviceId, source);
      pending = this.host.attach(source).finally(() => this.attaching.delete(deviceId));
      this.attaching.set(deviceId, pending);
    }
    return pending;
  }

  /**
   * Takes a request's lines (or `{ reason }` for entries that could not become lines, e.g. a JSON
   * frame the encoder refuses) in order. `fallbackDevice`: where lines naming no device go.
   */
  async ingest(
    entries: readonly (string | { reason: string })[],
    client: string,
    fallbackDevice: string | null,
    tHostMs = Date.now(),
  ): Promise<IngestResult> {
    const r: IngestResult = {
      lines: entries.length,
      accepted: 0,
      held: 0,
      duplicates: 0,
      rejectedCount: 0,
      rejected: [],
      devices: [],
    };
    const reject = (index: number, reason: string) => {
      r.rejectedCount++;
      if (r.rejected.length < MAX_REPORTED) r.rejected.push({ index, reason });
    };
    const devices = new Set<string>();
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (typeof e !== 'string') {
        reject(i, e.reason);
        continue;
      }
      const line = e.endsWith('\r') ? e.slice(0, -1) : e;
      const deviceId = deviceIdOfLine(line) ?? fallbackDevice;
      if (deviceId === null) {
        const d = decodeLine(line);
        reject(i, d.ok ? 'not_from_a_device' : d.reason);
        continue;
      }
      const link = await this.linkFor(deviceId);
      if ('reason' in link) {
        reject(i, link.reason);
        continue;
      }
      const source = this.sources.get(deviceId);
      if (source) {
        source.bytesReceived += line.length + 1;
        source.lastClient = client;
      }
      devices.add(networkSpec(deviceId));
      this.count(r, i, link.receiveLine(line, tHostMs), reject);
    }
    r.devices = [...devices];
    return r;
  }

  private count(r: IngestResult, i: number, outcome: LineOutcome, reject: (i: number, why: string) => void): void {
    if (outcome === 'accepted') r.accepted++;
    else if (outcome === 'held') r.held++;
    else if (outcome === 'duplicate') r.duplicates++;
    else reject(i, outcome);
  }
}
