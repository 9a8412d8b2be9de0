/** Sessions against a real SQLite file: start on hello, continue after a short absence or a restart, start anew after a long one, operator start. */
import { describe, expect, it } from 'vitest';
import { StoreWriter } from '../store/store-writer.js';
import { SessionManager } from './session-manager.js';
import { fillSession } from '../../testing/history/fill.js';
import { fakeSource, hello, sessionDb, T0 } from '../../testing/history/session-db.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const cleanups = testCleanups();
const setup = (now?: () => number) => sessionDb(cleanups.tempDir('station-history-'), now);

describe('sessions', () => {
  it('starts on hello, continues after a short absence, and starts anew after a long one with the same rig', () => {
    let now = T0;
    const { db, writer, sessions } = setup(() => now);
    sessions.onHello(hello('RIG-S'), now, fakeSource);
    fillSession(writer, { deviceId: 'RIG-S', cells: 4, periodMs: 100, frames: 50, t0: now });
    sessions.update(1, { rig: 'Bench 3', chemistry: 'NMC 811', capacityAh: 5, notes: 'first run' });

    // The station restarts 2 min later: a new manager (new process), same device.
    const writer2 = new StoreWriter(db, 'x');
    const s2 = new SessionManager({ db, writer: writer2, modelVersion: () => 'v2', now: () => now });
    now = T0 + 120_000;
    s2.onHello(hello('RIG-S'), now, fakeSource);
    expect(s2.sessionOfDevice('RIG-S')).toBe(1);
    fillSession(writer2, { deviceId: 'RIG-S', cells: 4, periodMs: 100, frames: 50, t0: now });
    expect(s2.get(1).frameCount).toBe(100);

    // Back after two hours: the old session ends at its last frame; the new one keeps the rig details.
    const writer3 = new StoreWriter(db, 'x');
    const s3 = new SessionManager({ db, writer: writer3, modelVersion: () => 'v3', now: () => now });
    now = T0 + 2 * 3_600_000;
    s3.onHello(hello('RIG-S'), now, fakeSource);
    writer3.flush();
    const [newest, old] = s3.list({ limit: 10 });
    expect(old!.endedMs).toBe(T0 + 120_000 + 49 * 100);
    expect(newest).toMatchObject({
      id: 2,
      rig: 'Bench 3',
      chemistry: 'NMC 811',
      capacityAh: 5,
      notes: '',
      modelVersion: 'v3',
      active: true,
    });

    // The operator starts a new run: the current one ends now.
    now += 60_000;
    const started = s3.startByOperator('RIG-S', { notes: 'second cell batch' });
    expect(started).toMatchObject({ id: 3, startedBy: 'operator', rig: 'Bench 3', notes: 'second cell batch' });
    expect(s3.get(2).endedMs).toBe(now);
    expect(() => s3.startByOperator('NOPE', {})).toThrow(/not streaming/);
    db.close();
  });
});

describe("a session's voltage window", () => {
  it('is kept, carried to the next session of the rig, cleared back to the chemistry, and refused upside down', () => {
    let now = T0;
    const { db, writer, sessions } = setup(() => now);
    sessions.onHello(hello('RIG-W'), now, fakeSource);
    fillSession(writer, { deviceId: 'RIG-W', cells: 2, periodMs: 100, frames: 5, t0: now });
    writer.flush();
    sessions.update(1, { chemistry: 'NMC', vMaxV: 4.35 });
    writer.flush();
    expect(sessions.get(1)).toMatchObject({ vMinV: null, vMaxV: 4.35 });
    // LFP's default top is 3.65 V: an LFP floor of 3.7 V is refused, and nothing is written.
    expect(() => sessions.update(1, { chemistry: 'LFP', vMinV: 3.7, vMaxV: null })).toThrow(
      /V_min 3.7 V is not below V_max 3.65 V/,
    );
    expect(() => sessions.update(1, { vMinV: 4.4 })).toThrow(/session\.bad-window|not below V_max 4.35/);
    writer.flush();
    expect(sessions.get(1)).toMatchObject({ chemistry: 'NMC', vMinV: null, vMaxV: 4.35 });

    now += 60_000;
    const next = sessions.startByOperator('RIG-W', {});
    writer.flush();
    expect(next).toMatchObject({ id: 2, vMaxV: 4.35 });
    sessions.update(2, { vMaxV: null });
    writer.flush();
    expect(sessions.get(2).vMaxV).toBeNull();
    db.close();
  });
});

describe('sessions within one process', () => {
  it('start anew when the device returns after a long silence or with another cell count', () => {
    let now = T0;
    const { db, writer, sessions } = setup(() => now);
    sessions.onHello(hello('RIG-L', 4), now, fakeSource);
    fillSession(writer, { deviceId: 'RIG-L', cells: 4, periodMs: 100, frames: 20, t0: now });
    now += 60_000;
    sessions.onHello(hello('RIG-L', 4), now, fakeSource); // a replug: same run
    expect(sessions.sessionOfDevice('RIG-L')).toBe(1);
    now += 3 * 3_600_000;
    sessions.onHello(hello('RIG-L', 4), now, fakeSource); // hours later: a new run
    expect(sessions.sessionOfDevice('RIG-L')).toBe(2);
    expect(sessions.get(1).endedMs).toBe(T0 + 19 * 100);
    sessions.onHello(hello('RIG-L', 8), now + 1000, fakeSource); // rewired to 8 cells
    expect(sessions.sessionOfDevice('RIG-L')).toBe(3);
    expect(sessions.get(3).cellCount).toBe(8);
    db.close();
  });
});
