/**
 * Keeps one serial rig talking: after every (re)open it asks for a hello until one comes (a board that
 * was not reset by our open has no reason to say hello by itself), refuses a hello from a different
 * device, sends the PING heartbeat about once a second so the firmware's host-lost interlock stays
 * calm, reopens the port when the link goes stale, and says what is wrong when bytes arrive but no
 * frames do. Commands go through one CommandChannel, so every command has an ack or a timeout.
 */
import type { CommandResult, DeviceCommand } from '../../contract/device-methods.js';
import type { DeviceLink } from '../device-link.js';
import type { CommandName, HelloFrame } from '../../protocol/index.js';
import { CommandChannel, commandOnWire, DEFAULT_COMMAND_TIMEOUT_MS } from '../command-channel.js';
import { DEFAULT_DIAGNOSIS_TIMING, diagnoseConnection, type DiagnosisTiming } from '../link-diagnosis.js';
import type { RigControl } from '../rig-control.js';
import type { SerialSource } from './serial-source.js';

export interface SerialRigControlOptions {
  heartbeatMs?: number;
  helloRetryMs?: number;
  commandTimeoutMs?: number;
  /** The device id this rig must answer with (remembered from an earlier run); learnt from the first hello otherwise. */
  expectedDeviceId?: string | null;
  diagnosis?: DiagnosisTiming;
  /** Called when the control learns who the device is (to remember it). */
  onIdentified?: (hello: HelloFrame) => void;
  /** Called when the diagnosis changes (to tell the operator once). */
  onDiagnosis?: (message: string | null) => void;
  now?: () => number;
}

const MAX_HELLO_RETRY_MS = 8000;
const MAX_REOPEN_EVERY_MS = 60_000;

/** Consecutive unanswered heartbeats before the link log says so. */
const MISSED_PINGS_EVENT = 3;

export class SerialRigControl implements RigControl {
  readonly channel: CommandChannel;
  private expectedDeviceId: string | null;
  private readonly heartbeatMs: number;
  private readonly helloRetryMs: number;
  private readonly timing: DiagnosisTiming;
  private readonly now: () => number;
  private heartbeat: NodeJS.Timeout | undefined;
  private helloTimer: NodeJS.Timeout | undefined;
  private diagnosisTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private missedPings = 0;
  private lastReopenMs = 0;
  /** Grows while the port stays silent, so a dead rig is not reopened every few seconds forever. */
  private reopenEveryMs = 0;
  private closed = false;
  pingRttMs: number | null = null;
  diagnosis: string | null = null;

  constructor(
    readonly source: SerialSource,
    readonly link: DeviceLink,
    private readonly opts: SerialRigControlOptions = {},
  ) {
    this.heartbeatMs = opts.heartbeatMs ?? 1000;
    this.helloRetryMs = opts.helloRetryMs ?? 1000;
    this.timing = opts.diagnosis ?? DEFAULT_DIAGNOSIS_TIMING;
    this.now = opts.now ?? Date.now;
    this.expectedDeviceId = opts.expectedDeviceId ?? null;
    this.channel = new CommandChannel({
      write: (line) => source.write(line),
      timeoutMs: opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    });
    link.setHelloGate((h) =>
      this.expectedDeviceId !== null && h.deviceId !== this.expectedDeviceId
        ? `expected device ${this.expectedDeviceId} but ${h.deviceId} answered on ${source.currentPath ?? source.requestedPath} (to use this board instead, disconnect and connect the port again)`
        : null,
    );
    this.unsubscribe.push(
      link.on('ack', (f, t) => this.channel.onAck(f, t)),
      link.on('hello', (h, _t, accepted) => this.onHello(h, accepted)),
      link.on('need-hello', () => void this.send('HELLO')),
      link.on('stale', (silentMs) => this.onStale(silentMs)),
      link.on('fresh', () => (this.reopenEveryMs = 0)),
      source.on('state', (state) => (state === 'streaming' ? this.onOpen() : this.onClosed())),
    );
    if (source.isOpen) this.onOpen();
  }

  get deviceId(): string | null {
    return this.expectedDeviceId;
  }

  private onOpen(): void {
    if (this.closed) return;
    this.missedPings = 0;
    this.setDiagnosis(null);
    this.stopTimers();
    // Ask at once, then keep asking, less and less often (a device that speaks another protocol
    // should not be pestered): the first request may land while the board is still booting.
    void this.send('HELLO');
    let waitMs = this.helloRetryMs;
    const askAgain = () => {
      this.helloTimer = setTimeout(() => {
        if (this.closed || this.link.helloConfirmed || !this.source.isOpen) return;
        void this.send('HELLO');
        waitMs = Math.min(waitMs * 2, MAX_HELLO_RETRY_MS);
        askAgain();
      }, waitMs);
      this.helloTimer.unref?.();
    };
    askAgain();
    this.diagnosisTimer = setInterval(() => {
      // Still silent after a reopen: try again, less often each time (onStale backs off).
      if (this.link.isStale) this.onStale(this.silentMs());
      this.setDiagnosis(
        this.link.helloConfirmed
          ? null
          : diagnoseConnection(this.link.connectionStats, this.now(), this.source.baud, this.timing),
      );
    }, 500);
    this.diagnosisTimer.unref?.();
  }

  private onClosed(): void {
    this.stopTimers();
    this.channel.cancelAll('the port closed before the device answered');
  }

  private onHello(h: HelloFrame, accepted: boolean): void {
    if (!accepted) {
      void this.source.refuseCurrentPort(this.link.status().lastError ?? `unexpected device ${h.deviceId}`);
      return;
    }
    if (this.expectedDeviceId === null) {
      this.expectedDeviceId = h.deviceId;
    }
    this.opts.onIdentified?.(h);
    this.setDiagnosis(null);
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => void this.ping(), this.heartbeatMs);
      this.heartbeat.unref?.();
      void this.ping();
    }
  }

  private async ping(): Promise<void> {
    if (!this.source.isOpen) return;
    const r = await this.send('PING', null, Math.max(500, Math.min(this.heartbeatMs * 2, 3000)));
    if (r.ok) {
      this.pingRttMs = r.rttMs;
      if (this.missedPings >= MISSED_PINGS_EVENT) this.link.recordEvent('link.heartbeat-ok', '');
      this.missedPings = 0;
      return;
    }
    if (r.error !== 'timeout') return;
    this.missedPings++;
    if (this.missedPings === MISSED_PINGS_EVENT)
      this.link.recordEvent('link.heartbeat-missed', `unanswered=${this.missedPings}`);
  }

  private onStale(silentMs: number): void {
    // A port that stays open but silent (a wedged USB driver, a board that reset its USB) is closed
    // and reopened; a port already closed is being reconnected by the source.
    if (!this.source.isOpen) return;
    const t = this.now();
    const every = Math.max(this.reopenEveryMs, this.link.effectiveStaleAfterMs);
    if (t - this.lastReopenMs < every) return;
    this.lastReopenMs = t;
    this.reopenEveryMs = Math.min(every * 2, MAX_REOPEN_EVERY_MS);
    void this.source.reopen(`no data for ${(silentMs / 1000).toFixed(1)} s: reopening the port`);
  }

  private silentMs(): number {
    const h = this.link.health({ pingRttMs: null, commandsSent: 0, commandTimeouts: 0 });
    return h.lastDataAgeMs ?? this.now() - this.link.connectionStats.startedMs;
  }

  private setDiagnosis(d: string | null): void {
    if (d === this.diagnosis) return;
    this.diagnosis = d;
    this.opts.onDiagnosis?.(d);
  }

  private stopTimers(): void {
    for (const t of [this.heartbeat, this.diagnosisTimer]) if (t) clearInterval(t);
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.heartbeat = this.helloTimer = this.diagnosisTimer = undefined;
  }

  send(name: CommandName, arg: string | null = null, timeoutMs?: number): Promise<CommandResult> {
    if (!this.source.isOpen)
      return Promise.resolve({
        ok: false,
        detail: `${this.source.label} is not connected`,
        error: 'not-connected',
        rttMs: null,
      });
    return this.channel.send(name, arg, timeoutMs);
  }

  /** A command from the contract, with its argument in wire form. */
  command(c: DeviceCommand): Promise<CommandResult> {
    return this.send(...commandOnWire(c));
  }

  close(): void {
    this.closed = true;
    this.stopTimers();
    this.channel.cancelAll('the device was disconnected');
    for (const u of this.unsubscribe) u();
    this.link.setHelloGate(null);
  }
}
