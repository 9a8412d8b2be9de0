/** Quit flushes the core first; the last window closing quits (or not, in the tray / on macOS); activate never opens onto a stopped core. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { preventable } from '../../testing/electron/fake-contents.js';
import { manageLifecycle, type LifecycleCore } from './app-lifecycle.js';
import type { CoreState } from './core-supervisor.js';

class FakeApp extends EventEmitter {
  quits = 0;
  quit() {
    this.quits++;
    const e = preventable();
    this.emit('before-quit', e);
    if (!e.prevented) this.emit('quitted');
  }
}

class FakeCore implements LifecycleCore {
  state: CoreState = 'running';
  finishShutdown: () => void = () => undefined;
  shutdowns = 0;
  starts = 0;
  shutdown() {
    this.shutdowns++;
    this.state = 'stopping';
    return new Promise<void>((r) => {
      this.finishShutdown = () => {
        this.state = 'stopped';
        r();
      };
    });
  }
  start() {
    this.starts++;
    this.state = 'running';
  }
}

function setup(platform: NodeJS.Platform, inTray = false) {
  const app = new FakeApp();
  const core = new FakeCore();
  let windows = 1;
  let opened = 0;
  let quitted = false;
  app.on('quitted', () => (quitted = true));
  const life = manageLifecycle(app, {
    core,
    platform,
    windowCount: () => windows,
    openWindow: () => void (opened++, windows++),
    monitoringInTray: () => inTray,
  });
  return {
    app,
    core,
    life,
    closeAll: () => ((windows = 0), app.emit('window-all-closed')),
    opened: () => opened,
    quitted: () => quitted,
  };
}

describe('manageLifecycle', () => {
  it('holds the quit until the core has flushed and exited, then quits once', async () => {
    const { app, core, life, quitted } = setup('linux');
    app.quit();
    expect(life.quitting).toBe(true);
    expect(core.shutdowns).toBe(1);
    expect(quitted()).toBe(false);
    app.quit(); // a second Quit while flushing does not shut down twice
    expect(core.shutdowns).toBe(1);
    core.finishShutdown();
    await new Promise((r) => setImmediate(r));
    expect(quitted()).toBe(true);
  });

  it('quits at once when the core is already stopped', () => {
    const { app, core, quitted } = setup('win32');
    core.state = 'failed';
    app.quit();
    expect(core.shutdowns).toBe(0);
    expect(quitted()).toBe(true);
  });

  it('closing the last window quits on Windows and Linux, but not while monitoring in the tray', () => {
    const { app, closeAll } = setup('linux');
    closeAll();
    expect(app.quits).toBe(1);
    const tray = setup('win32', true);
    tray.closeAll();
    expect(tray.app.quits).toBe(0);
    expect(tray.core.shutdowns).toBe(0);
  });

  it('on macOS the app stays, its core stops, and activate starts the core before opening a window', async () => {
    const { app, core, closeAll, opened } = setup('darwin');
    closeAll();
    expect(app.quits).toBe(0);
    expect(core.shutdowns).toBe(1);
    core.finishShutdown();
    await new Promise((r) => setImmediate(r));
    const order: string[] = [];
    core.start = () => void (order.push('core'), (core.state = 'running'));
    app.emit('activate');
    expect(core.state).toBe('running');
    expect(opened()).toBe(1);
    expect(order).toEqual(['core']);
  });

  it('activate with a window open and a running core does nothing', () => {
    const { app, core, opened } = setup('darwin');
    app.emit('activate');
    expect([core.starts, opened()]).toEqual([0, 0]);
  });
});
