/** Start at login is off until asked; on Linux it is an XDG autostart file, elsewhere the OS login item. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCleanups } from '../../testing/test-cleanups.js';
import { AUTOSTART_FILE, desktopExecArg, StartAtLogin } from './start-at-login.js';

const cleanups = testCleanups();

class FakeLoginApp {
  openAtLogin = false;
  setLoginItemSettings(s: { openAtLogin: boolean }) {
    this.openAtLogin = s.openAtLogin;
  }
  getLoginItemSettings() {
    return { openAtLogin: this.openAtLogin };
  }
}

describe('StartAtLogin', () => {
  it('on Linux writes and removes the autostart entry, quoting the command', () => {
    const dir = join(cleanups.tempDir('autostart-'), 'autostart');
    const s = new StartAtLogin('linux', new FakeLoginApp(), {
      autostartDir: dir,
      command: ['/home/op/Apps/EV Battery Station.AppImage'],
    });
    expect(s.enabled).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(s.set(true)).toBe(true);
    const entry = readFileSync(join(dir, AUTOSTART_FILE), 'utf8');
    expect(entry).toContain('Exec="/home/op/Apps/EV Battery Station.AppImage"\n');
    expect(entry.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
    expect(s.enabled).toBe(true);
    expect(s.set(false)).toBe(true);
    expect(existsSync(join(dir, AUTOSTART_FILE))).toBe(false);
  });

  it('elsewhere sets the OS login item', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const app = new FakeLoginApp();
      const s = new StartAtLogin(platform, app, { autostartDir: '/nonexistent', command: [] });
      expect(s.enabled).toBe(false);
      expect(s.set(true)).toBe(true);
      expect(app.openAtLogin).toBe(true);
    }
  });

  it('says so when the setting does not take', () => {
    const blocker = join(cleanups.tempDir('autostart-'), 'file');
    writeFileSync(blocker, '');
    const s = new StartAtLogin('linux', new FakeLoginApp(), {
      autostartDir: join(blocker, 'autostart'),
      command: ['x'],
    });
    expect(s.set(true)).toBe(false);
  });
});

describe('desktopExecArg', () => {
  it('quotes and escapes what the Desktop Entry spec reserves', () => {
    expect(desktopExecArg('/opt/ev-battery-station/ev-battery-station')).toBe(
      '/opt/ev-battery-station/ev-battery-station',
    );
    expect(desktopExecArg('a b')).toBe('"a b"');
    expect(desktopExecArg('$HOME/"x"`y`\\z')).toBe('"\\$HOME/\\"x\\"\\`y\\`\\\\z"');
  });
});
