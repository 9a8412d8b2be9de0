/**
 * One source's link to its device: decodes every line, holds data back until the device has said
 * hello, and keeps the counters the UI shows. Link-level health (gaps, reboots, staleness) grows here.
 */
import type { DeviceStatus, SourceState } from '../contract/index.js';
import {
  decodeLine,
  type DataFrame,
  type EventFrame,
  type AckFrame,
  type HelloFrame,
  type RejectReason,
} from '../protocol/index.js';
import type { LineSource } from '../sources/line-source.js';

export interface DeviceLinkHandlers {
  onHello(hello: HelloFrame, tHostMs: number): void;
  onData(frame: DataFrame, tHostMs: number): void;
  onDeviceEvent(frame: EventFrame, tHostMs: number): void;
  onAck?(frame: AckFrame, tHostMs: number): void;
  onLinkEvent(code: string, detail: string, tHostMs: number): void;
  onStateChange(): void;
}

export class DeviceLink {
  private state: SourceState = 'starting';
  private hello: HelloFrame | null = null;
  private framesOk = 0;
  private rejected = new Map<RejectReason, number>();
  private noiseLines = 0;
  private lastFrameMs: number | null = null;
  private lastError: string | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    readonly source: LineSource,
    private readonly handlers: DeviceLinkHandlers,
  ) {
    this.unsubscribe.push(
      source.on('line', (line, t) => this.onLine(line, t)),
      source.on('state', (state, detail) => this.onSourceState(state, detail)),
    );
  }

  private onSourceState(state: SourceState, detail?: string): void {
    this.state = state === 'streaming' && !this.hello ? 'waiting-hello' : state;
    if (state === 'error' && detail) this.lastError = detail;
    this.handlers.onLinkEvent(`source.${state}`, detail ?? '', Date.now());
    this.handlers.onStateChange();
  }

  private onLine(line: string, tHostMs: number): void {
    const r = decodeLine(line);
    if (!r.ok) {
      if (r.reason === 'noise') this.noiseLines++;
      else this.rejected.set(r.reason, (this.rejected.get(r.reason) ?? 0) + 1);
      return;
    }
    const f = r.frame;
    switch (f.kind) {
      case 'hello':
        this.hello = f;
        this.lastFrameMs = tHostMs;
        this.framesOk++;
        if (this.state === 'waiting-hello' || this.state === 'starting') this.state = 'streaming';
        this.handlers.onHello(f, tHostMs);
        this.handlers.onStateChange();
        return;
      case 'data':
        // Data before a hello cannot be trusted: the cell count and device are unknown.
        if (!this.hello || this.hello.deviceId !== f.deviceId) return;
        this.framesOk++;
        this.lastFrameMs = tHostMs;
        this.handlers.onData(f, tHostMs);
        return;
      case 'event':
        this.framesOk++;
        this.lastFrameMs = tHostMs;
        this.handlers.onDeviceEvent(f, tHostMs);
        return;
      case 'ack':
        this.framesOk++;
        this.handlers.onAck?.(f, tHostMs);
        return;
      case 'command':
        // A device never sends commands: an echo or a loop-back cable.
        this.rejected.set('unknown_kind', (this.rejected.get('unknown_kind') ?? 0) + 1);
        return;
    }
  }

  rejectedByReason(): Record<string, number> {
    return Object.fromEntries(this.rejected);
  }

  status(): DeviceStatus {
    let framesRejected = 0;
    for (const n of this.rejected.values()) framesRejected += n;
    return {
      spec: this.source.spec,
      kind: this.source.kind,
      label: this.source.label,
      state: this.state,
      deviceId: this.hello?.deviceId ?? null,
      fwVersion: this.hello?.fwVersion ?? null,
      cellCount: this.hello?.cellCount ?? null,
      periodMs: this.hello?.periodMs ?? null,
      framesOk: this.framesOk,
      framesRejected,
      lastFrameMs: this.lastFrameMs,
      lastError: this.lastError,
    };
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
  }
}
