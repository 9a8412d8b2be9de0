/** Main-process side of the core host: forks it, correlates calls and results, relays events. */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { HostMessage, HostRequest, IpcCallResult } from '../ipc-channels.js';

export class CoreClient {
  private child: UtilityProcess;
  private nextId = 1;
  private pending = new Map<number, (r: IpcCallResult) => void>();
  private eventListeners = new Set<(event: string, payload: unknown) => void>();
  readonly ready: Promise<string | null>;

  constructor(modulePath: string, env: NodeJS.ProcessEnv) {
    this.child = utilityProcess.fork(modulePath, [], { env, serviceName: 'Station core', stdio: 'inherit' });
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (m: HostMessage) => {
        switch (m.type) {
          case 'ready':
            resolve(m.dbPath);
            return;
          case 'fatal':
            reject(new Error(m.message));
            return;
          case 'result':
            this.pending.get(m.id)?.(m.result);
            this.pending.delete(m.id);
            return;
          case 'event':
            for (const l of this.eventListeners) l(m.event, m.payload);
            return;
        }
      });
      this.child.on('exit', (code) => {
        reject(new Error(`station core exited with code ${code}`));
        for (const done of this.pending.values())
          done({ ok: false, error: { code: 'core-exited', message: `The station core stopped (exit code ${code}).` } });
        this.pending.clear();
      });
    });
  }

  call(method: string, params: unknown): Promise<IpcCallResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.postMessage({ type: 'call', id, method, params } satisfies HostRequest);
    });
  }

  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  shutdown(): void {
    this.child.postMessage({ type: 'shutdown' } satisfies HostRequest);
  }
}
