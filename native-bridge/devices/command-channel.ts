/**
 * Protocol v1 commands to a device, each answered by exactly one ack or given up after a timeout
 * (firmware/PROTOCOL.md, `C` and `A` frames). Ids run 1–65535 and wrap, skipping 0 and any id still
 * waiting. Never throws: every outcome, including a dead port, is a CommandResult the UI can show.
 */
import type { CommandResult, DeviceCommand } from '../contract/device-methods.js';
import { encodeFrame, type AckFrame, type CommandName } from '../protocol/index.js';

export interface CommandChannelOptions {
  write: (line: string) => Promise<void>;
  timeoutMs?: number;
  now?: () => number;
}

interface Pending {
  name: CommandName;
  sentMs: number;
  timer: NodeJS.Timeout;
  done: (r: CommandResult) => void;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 1500;

/** A command from the contract as the wire names it: its protocol v1 name and argument. */
export function commandOnWire(c: DeviceCommand): [CommandName, string | null] {
  switch (c.name) {
    case 'RATE':
      return ['RATE', String(c.periodMs)];
    case 'IDENT':
      return ['IDENT', String(c.seconds)];
    case 'RELAY':
      return ['RELAY', c.state];
    default:
      return [c.name, null];
  }
}

export class CommandChannel {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly timeoutMs: number;
  private readonly now: () => number;
  sent = 0;
  timeouts = 0;
  /** ERR acks, including `BAD_CHECKSUM` with id 0 (a command line damaged on the way). */
  errors = 0;

  constructor(private readonly opts: CommandChannelOptions) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.now = opts.now ?? Date.now;
  }

  get waiting(): number {
    return this.pending.size;
  }

  private allocateId(): number {
    for (let tries = 0; tries < 65535; tries++) {
      const id = this.nextId;
      this.nextId = this.nextId >= 65535 ? 1 : this.nextId + 1;
      if (!this.pending.has(id)) return id;
    }
    throw new Error('65535 commands waiting for acks');
  }

  send(name: CommandName, arg: string | null = null, timeoutMs = this.timeoutMs): Promise<CommandResult> {
    let line: string;
    let cmdId: number;
    try {
      cmdId = this.allocateId();
      line = encodeFrame({ kind: 'command', cmdId, name, arg });
    } catch (e) {
      return Promise.resolve({ ok: false, detail: (e as Error).message, error: 'bad-command', rttMs: null });
    }
    return new Promise<CommandResult>((resolveCmd) => {
      const sentMs = this.now();
      const finish = (r: CommandResult) => {
        const p = this.pending.get(cmdId);
        if (!p) return;
        clearTimeout(p.timer);
        this.pending.delete(cmdId);
        resolveCmd(r);
      };
      const timer = setTimeout(() => {
        this.timeouts++;
        finish({
          ok: false,
          detail: `no ack to ${name} within ${timeoutMs} ms`,
          error: 'timeout',
          rttMs: null,
        });
      }, timeoutMs);
      timer.unref?.();
      this.pending.set(cmdId, { name, sentMs, timer, done: finish });
      this.sent++;
      this.opts.write(line).catch((e: unknown) => {
        const code = (e as { code?: unknown }).code;
        finish({
          ok: false,
          detail: (e as Error).message,
          error: typeof code === 'string' ? code : 'write-failed',
          rttMs: null,
        });
      });
    });
  }

  onAck(f: AckFrame, tHostMs: number): void {
    if (!f.ok) this.errors++;
    const p = this.pending.get(f.cmdId);
    if (!p) return;
    const rttMs = Math.max(0, tHostMs - p.sentMs);
    if (f.ok) {
      p.done({ ok: true, detail: f.detail, error: null, rttMs });
      return;
    }
    const semi = f.detail.indexOf(';');
    p.done({
      ok: false,
      error: semi < 0 ? f.detail || 'ERR' : f.detail.slice(0, semi),
      detail: f.detail,
      rttMs,
    });
  }

  /** Ends every waiting command (the port closed: no ack can come). */
  cancelAll(reason: string): void {
    for (const p of [...this.pending.values()])
      p.done({ ok: false, detail: reason, error: 'not-connected', rttMs: null });
  }
}
