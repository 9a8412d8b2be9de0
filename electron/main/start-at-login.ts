/**
 * Opt-in start at login: off until the operator turns it on in the File menu. macOS and Windows keep
 * login items themselves (app.setLoginItemSettings); Linux desktops read ~/.config/autostart/*.desktop
 * (the XDG autostart spec), which Electron does not write, so this writes and removes that file.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  getLoginItemSettings(): { openAtLogin: boolean };
}

export const AUTOSTART_FILE = 'ev-battery-station.desktop';

/** One argument of an Exec line, quoted as the Desktop Entry spec asks. */
export function desktopExecArg(arg: string): string {
  if (/^[A-Za-z0-9_./:=+-]+$/.test(arg)) return arg;
  return `"${arg.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
}

export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=EV Battery Station',
    'Comment=Battery test rig monitoring',
    `Exec=${command.map(desktopExecArg).join(' ')}`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export class StartAtLogin {
  constructor(
    private readonly platform: NodeJS.Platform,
    private readonly app: LoginItemApp,
    /** Linux: the autostart folder and the command that starts the app (the AppImage, or the binary). */
    private readonly linux: { autostartDir: string; command: readonly string[] },
  ) {}

  get supported(): boolean {
    return this.platform === 'darwin' || this.platform === 'win32' || this.platform === 'linux';
  }

  private get file(): string {
    return join(this.linux.autostartDir, AUTOSTART_FILE);
  }

  get enabled(): boolean {
    if (this.platform === 'linux') return existsSync(this.file);
    return this.supported && this.app.getLoginItemSettings().openAtLogin;
  }

  /** Says whether the setting took. */
  set(on: boolean): boolean {
    try {
      if (this.platform === 'linux') {
        if (on) {
          mkdirSync(this.linux.autostartDir, { recursive: true });
          writeFileSync(this.file, autostartEntry(this.linux.command));
        } else rmSync(this.file, { force: true });
      } else if (this.supported) this.app.setLoginItemSettings({ openAtLogin: on });
      return this.enabled === on;
    } catch {
      return false;
    }
  }
}
