import { describe, expect, it } from 'vitest';
import { commandNote, connectNote } from './action-note.js';

describe('connectNote', () => {
  it('says how far the connection got', () => {
    expect(connectNote('/dev/ttyUSB0', 115200, { state: 'waiting-hello', error: null })).toEqual({
      tone: 'ok',
      text: 'Connecting to /dev/ttyUSB0 @ 115200: port open, waiting for the device’s hello.',
    });
    expect(connectNote('/tmp/rig', 9600, { state: 'streaming', error: null }).text).toBe(
      'Connecting to /tmp/rig @ 9600: streaming.',
    );
    // A state without its own wording is named as it is, never hidden.
    expect(connectNote('/tmp/rig', 9600, { state: 'stale', error: null }).text).toBe(
      'Connecting to /tmp/rig @ 9600: stale.',
    );
  });

  it('answers the error when the port failed, unless the device streams anyway', () => {
    expect(connectNote('/dev/ttyUSB9', 115200, { state: 'error', error: 'No such file or directory' })).toEqual({
      tone: 'error',
      text: 'No such file or directory',
    });
    expect(connectNote('/tmp/rig', 115200, { state: 'streaming', error: 'one checksum error' }).tone).toBe('ok');
  });
});

describe('commandNote', () => {
  it('reads an acknowledgement with its detail and round trip', () => {
    expect(commandNote('Rate 500 ms', { ok: true, detail: 'period_ms=500', error: null, rttMs: 11.6 })).toEqual({
      tone: 'ok',
      text: 'Rate 500 ms: OK — period_ms=500 · 12 ms',
    });
    // The firmware's "-" means "no detail".
    expect(commandNote('Ping', { ok: true, detail: '-', error: null, rttMs: 3 }).text).toBe('Ping: OK · 3 ms');
  });

  it('reads a failure with its reason, and no round trip when there was none', () => {
    expect(commandNote('Config', { ok: false, detail: '', error: 'timeout', rttMs: null })).toEqual({
      tone: 'error',
      text: 'Config: failed (timeout)',
    });
    expect(commandNote('Ping', { ok: false, detail: 'station gone', error: 'failed', rttMs: null }).text).toBe(
      'Ping: failed (failed) — station gone',
    );
  });
});
