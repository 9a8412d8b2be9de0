/**
 * A core host in the test's own process, behind the same message envelope as the utility process:
 * CoreClient posts HostRequests to it and it answers through the real hostCalls and call adapter, so
 * a test of main's side sees the contract's own checks (unknown method, bad params) and can make the
 * "process" exit or go silent.
 */
import { EventEmitter } from 'node:events';
import { createCallAdapter, type MethodHandlers } from '../../native-bridge/contract/call-adapter.js';
import type { HostMessage, HostRequest } from '../../electron/ipc-channels.js';
import { hostCalls } from '../../electron/main/host-calls.js';

export class InProcessCore extends EventEmitter {
  private readonly answer;
  private alive = true;
  /** When set, calls are received and never answered (a hung core). */
  silent = false;
  readonly received: HostRequest[] = [];

  constructor(handlers: Partial<MethodHandlers>) {
    super();
    this.answer = hostCalls(Promise.resolve(createCallAdapter(handlers as MethodHandlers)), (m) => this.send(m));
    queueMicrotask(() => this.send({ type: 'ready', dbPath: null }));
  }

  postMessage(m: HostRequest): void {
    if (!this.alive) throw new Error('the process is gone');
    this.received.push(m);
    if (m.type === 'shutdown') this.exit(0);
    else if (m.type === 'call' && !this.silent) void this.answer(m);
  }

  send(m: HostMessage): void {
    if (this.alive) this.emit('message', m);
  }

  exit(code: number): void {
    if (!this.alive) return;
    this.alive = false;
    this.emit('exit', code);
  }

  kill(): boolean {
    this.exit(9);
    return true;
  }
}
