/** Closing while a rig streams asks; the answer keeps monitoring in the tray, quits, or cancels. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { preventable } from '../../testing/electron/fake-contents.js';
import { CloseGuard, type CloseChoice } from './close-guard.js';

class FakeWindow extends EventEmitter {
  hidden = 0;
  hide() {
    this.hidden++;
  }
  close(): boolean {
    const e = preventable();
    this.emit('close', e);
    return !e.prevented;
  }
}

function setup(streaming: boolean, answers: CloseChoice[]) {
  const asked: number[] = [];
  let quits = 0;
  let quitting = false;
  const guard = new CloseGuard({
    quitting: () => quitting,
    streaming: () => streaming,
    ask: async () => {
      asked.push(1);
      return answers.shift() ?? 'cancel';
    },
    quit: () => void quits++,
  });
  const win = new FakeWindow();
  guard.guard(win);
  const settle = () => new Promise((r) => setImmediate(r));
  return { guard, win, asked, settle, quits: () => quits, setQuitting: () => (quitting = true) };
}

describe('CloseGuard', () => {
  it('closes at once when nothing streams, or when the app is quitting', () => {
    expect(setup(false, []).win.close()).toBe(true);
    const s = setup(true, []);
    s.setQuitting();
    expect(s.win.close()).toBe(true);
    expect(s.asked).toEqual([]);
  });

  it('keeps monitoring in the tray when chosen, and later closes hide without asking', async () => {
    const s = setup(true, ['tray']);
    expect(s.win.close()).toBe(false);
    expect(s.win.close()).toBe(false); // a second click while the dialog is up asks nothing more
    await s.settle();
    expect([s.asked.length, s.win.hidden, s.guard.monitoringInTray]).toEqual([1, 1, true]);
    expect(s.win.close()).toBe(false);
    expect([s.asked.length, s.win.hidden]).toEqual([1, 2]);
  });

  it('quits when chosen, and does nothing on cancel', async () => {
    const q = setup(true, ['quit']);
    q.win.close();
    await q.settle();
    expect([q.quits(), q.win.hidden]).toEqual([1, 0]);
    const c = setup(true, ['cancel']);
    c.win.close();
    await c.settle();
    expect([c.quits(), c.win.hidden, c.guard.monitoringInTray]).toEqual([0, 0, false]);
  });
});
