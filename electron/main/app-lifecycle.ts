/**
 * When the app quits, closes its last window or is re-activated, and what becomes of the core then.
 * Quitting waits for the core to flush and close its store (the quit is held, then resumed). Closing
 * the last window quits, unless the operator chose to keep monitoring in the tray; on macOS the app
 * stays in the Dock as macOS apps do, but its core is shut down — so re-activating it starts the core
 * again before opening a window onto it.
 */
import type { CoreState } from './core-supervisor.js';

interface PreventableEvent {
  preventDefault(): void;
}

export interface LifecycleApp {
  on(event: 'before-quit', listener: (e: PreventableEvent) => void): unknown;
  on(event: 'window-all-closed' | 'activate', listener: () => void): unknown;
  quit(): void;
}

export interface LifecycleCore {
  readonly state: CoreState;
  shutdown(): Promise<void>;
  start(): void;
}

export interface LifecycleOptions {
  core: LifecycleCore;
  platform: NodeJS.Platform;
  windowCount(): number;
  openWindow(): void;
  /** True once the operator chose to keep monitoring in the tray with the window closed. */
  monitoringInTray(): boolean;
}

export interface Lifecycle {
  /** True from the first quit request on: windows close without asking. */
  readonly quitting: boolean;
}

export function manageLifecycle(app: LifecycleApp, opts: LifecycleOptions): Lifecycle {
  let quitting = false;
  let flushing = false;
  app.on('before-quit', (e) => {
    quitting = true;
    const { state } = opts.core;
    if (state === 'stopped' || state === 'failed') return;
    e.preventDefault();
    if (flushing) return;
    flushing = true;
    void opts.core.shutdown().finally(() => app.quit());
  });
  app.on('window-all-closed', () => {
    if (quitting || opts.monitoringInTray()) return;
    if (opts.platform === 'darwin') void opts.core.shutdown();
    else app.quit();
  });
  app.on('activate', () => {
    if (quitting) return;
    if (opts.core.state === 'stopped' || opts.core.state === 'failed') opts.core.start();
    if (opts.windowCount() === 0) opts.openWindow();
  });
  return {
    get quitting() {
      return quitting;
    },
  };
}
