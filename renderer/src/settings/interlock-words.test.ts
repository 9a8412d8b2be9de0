import { describe, expect, it } from 'vitest';
import type { RelayCommandInfo } from '../../../native-bridge/contract/device-methods.js';
import { relayCommandText, relayStateText } from './interlock-words.js';

const cmd = (over: Partial<RelayCommandInfo> = {}): RelayCommandInfo => ({
  state: 'OPEN',
  by: 'interlock',
  atMs: new Date(2026, 0, 1, 12, 30, 5).getTime(),
  acknowledged: true,
  detail: 'relay=open',
  rttMs: 12.4,
  reason: 'SIM-OVEN cell 1: THERMAL RUNAWAY',
  ...over,
});

describe('the rig interlock in words', () => {
  it('says the relay state both ways, and that it is not known before a frame', () => {
    expect(relayStateText({ relayOpen: true, state: 'streaming' })).toEqual({
      text: "Relay OPEN — the rig's charger/heater is disconnected",
      tone: 'warn',
    });
    expect(relayStateText({ relayOpen: false, state: 'streaming' }).text).toBe('Relay closed — the rig is powered');
    expect(relayStateText({ relayOpen: false, state: 'stale' }).text).toMatch(
      /last reported; the device is not streaming/,
    );
    expect(relayStateText({ relayOpen: null, state: 'waiting-hello' }).tone).toBe('idle');
  });

  it('shows the acknowledgement, its absence, and a device that says otherwise', () => {
    const ok = relayCommandText({ kind: 'sim', relayOpen: true, relayCommand: cmd() });
    expect(ok).toEqual({
      text: 'RELAY OPEN sent by the interlock at 12:30:05 (SIM-OVEN cell 1: THERMAL RUNAWAY) — acknowledged by the device (relay=open, 12 ms).',
      tone: 'ok',
    });
    const none = relayCommandText({
      kind: 'serial',
      relayOpen: false,
      relayCommand: cmd({ acknowledged: false, detail: 'no ack within 1500 ms', rttMs: null }),
    });
    expect(none.tone).toBe('error');
    expect(none.text).toMatch(/NOT acknowledged by the device: no ack within 1500 ms\. The firmware opens the relay/);
    const waiting = relayCommandText({ kind: 'serial', relayOpen: false, relayCommand: cmd({ acknowledged: null }) });
    expect(waiting).toMatchObject({ tone: 'warn' });
    expect(waiting.text).toMatch(/waiting for the device's answer/);
    const disagrees = relayCommandText({ kind: 'serial', relayOpen: false, relayCommand: cmd() });
    expect(disagrees.tone).toBe('error');
    expect(disagrees.text).toMatch(/its data frames report the relay the other way/);
    const operator = relayCommandText({
      kind: 'serial',
      relayOpen: false,
      relayCommand: cmd({ by: 'operator', state: 'CLOSE', reason: null, detail: 'relay=closed' }),
    });
    expect(operator.text).toMatch(/^RELAY CLOSE sent by the operator at 12:30:05 — acknowledged/);
  });

  it('before any command', () => {
    expect(relayCommandText({ kind: 'serial', relayOpen: false, relayCommand: null }).text).toBe(
      'No relay command sent since the station started.',
    );
    expect(relayCommandText({ kind: 'replay', relayOpen: null, relayCommand: null }).text).toBe(
      'A replay takes no commands.',
    );
  });
});
