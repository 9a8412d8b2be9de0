/**
 * The interlock on its own: a real DeviceLink per device (fed a hello by hand) and a scripted rig
 * control, so the retries, the link event and the failure notice can be counted. The whole path
 * (a RUNAWAY opening the simulated relay) runs in sim-station.integration.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CommandResult } from '../contract/device-methods.js';
import { DeviceLink } from '../devices/device-link.js';
import type { RigControl } from '../devices/rig-control.js';
import { HandSource, helloLine } from '../../testing/hand-source.js';
import type { DeviceEntry } from './device-entry.js';
import { armInterlock } from './interlock.js';

const ok: CommandResult = { ok: true, detail: 'relay=open', error: null, rttMs: 3 };
const timeout: CommandResult = { ok: false, detail: 'no ack within 1500 ms', error: 'timeout', rttMs: null };

function device(deviceId: string, answers: CommandResult[] | null) {
  const events: string[] = [];
  const src = new HandSource(`serial:/dev/${deviceId}@115200`);
  const link = new DeviceLink(
    src,
    {
      onHello: () => undefined,
      onData: () => undefined,
      onDeviceEvent: () => undefined,
      onLinkEvent: (code, detail) => events.push(`${code} ${detail}`),
      onStateChange: () => undefined,
    },
    { watchdogIntervalMs: 0 },
  );
  src.state('streaming');
  src.line(helloLine(deviceId, 1));
  events.length = 0;
  const sent: string[] = [];
  const control: RigControl | null = answers && {
    channel: { sent: 0, timeouts: 0 },
    pingRttMs: null,
    diagnosis: null,
    send: async (name, arg) => {
      sent.push(`${name} ${arg}`);
      return answers.shift() ?? timeout;
    },
    command: () => Promise.resolve(ok),
    close: () => undefined,
  };
  const entry: DeviceEntry = {
    spec: src.spec,
    source: src,
    link,
    control,
    remembered: false,
    deviceId,
    savedIdentity: null,
    lastNotified: null,
    problemShown: false,
    relayCommand: null,
  };
  return { entry, events, sent, dispose: () => link.dispose() };
}

function arm(entries: DeviceEntry[]) {
  let fire: ((deviceId: string, reason: string) => void) | null = null;
  const notices: string[] = [];
  const disarm = armInterlock(
    {
      onCritical: (l) => {
        fire = l;
        return () => (fire = null);
      },
      notify: (level, code) => notices.push(`${level} ${code}`),
    },
    () => entries,
  );
  return { fire: (id: string, why: string) => fire?.(id, why), notices, disarm, armed: () => fire !== null };
}

describe('interlock', () => {
  it('opens the relay of the device the finding came from, retrying until it is acknowledged', async () => {
    const a = device('RIG-A', [timeout, ok]);
    const b = device('RIG-B', [ok]);
    const { fire, notices } = arm([a.entry, b.entry]);
    fire('RIG-A', 'RUNAWAY cell 3');
    await vi.waitFor(() => expect(a.events).toHaveLength(1));
    expect(a.sent).toEqual(['RELAY OPEN', 'RELAY OPEN']);
    expect(a.events).toEqual(['link.interlock relay=open;ok=1;reason=RUNAWAY cell 3']);
    expect(b.sent).toEqual([]);
    expect(notices).toEqual([]);
    // Settings shows it: sent by the interlock, acknowledged by the device, and why.
    expect(a.entry.relayCommand).toMatchObject({
      state: 'OPEN',
      by: 'interlock',
      acknowledged: true,
      detail: 'relay=open',
      rttMs: 3,
      reason: 'RUNAWAY cell 3',
    });
    expect(b.entry.relayCommand).toBeNull();
    a.dispose();
    b.dispose();
  });

  it('gives up after three tries, logs it and tells the operator the firmware limits remain', async () => {
    const a = device('RIG-A', []);
    const { fire, notices } = arm([a.entry]);
    fire('RIG-A', 'x'.repeat(300));
    await vi.waitFor(() => expect(notices).toHaveLength(1));
    expect(a.sent).toHaveLength(3);
    expect(a.events).toEqual([`link.interlock relay=open;ok=0;reason=${'x'.repeat(120)}`]);
    expect(notices).toEqual(['error device.interlock-failed']);
    expect(a.entry.relayCommand).toMatchObject({
      by: 'interlock',
      acknowledged: false,
      detail: 'no ack within 1500 ms',
    });
    a.dispose();
  });

  it('passes over a device that takes no commands, and stops listening once disarmed', async () => {
    const replay = device('RIG-A', null);
    const { fire, notices, disarm, armed } = arm([replay.entry]);
    fire('RIG-A', 'RUNAWAY');
    await new Promise((r) => setTimeout(r, 20));
    expect(replay.events).toEqual([]);
    expect(notices).toEqual([]);
    expect(armed()).toBe(true);
    disarm?.();
    expect(armed()).toBe(false);
    replay.dispose();
  });
});
