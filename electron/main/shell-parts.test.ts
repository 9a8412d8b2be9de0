/** The tray's words and menu, the app menu per platform and build, and where the tray icons come from. */
import { describe, expect, it } from 'vitest';
import { appMenuTemplate, DRIVER_LINKS, type MenuActions } from './app-menu.js';
import { isAllowedExternalUrl } from './external-links.js';
import { trayIconPath, trayMenuTemplate, trayTooltip, type MenuItem } from './station-tray.js';

const flat = (items: MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);
const roles = (items: MenuItem[]) =>
  flat(items)
    .map((i) => i.role)
    .filter(Boolean);

const actions = (): MenuActions & { log: string[] } => {
  const log: string[] = [];
  return {
    log,
    startAtLogin: false,
    canStartAtLogin: true,
    setStartAtLogin: (on) => void log.push(`login:${on}`),
    openDataFolder: () => void log.push('data'),
    openLink: (url) => void log.push(url),
  };
};

describe('trayMenuTemplate', () => {
  it('shows, acknowledges (only when there is something to) and quits', () => {
    const log: string[] = [];
    const a = { show: () => log.push('show'), acknowledgeAll: () => log.push('ack'), quit: () => log.push('quit') };
    const none = trayMenuTemplate(0, a);
    expect(none[1]).toMatchObject({ label: 'No alarms to acknowledge', enabled: false });
    const two = trayMenuTemplate(2, a);
    expect(two.map((i) => i.label ?? i.type)).toEqual([
      'Show EV Battery Station',
      'Acknowledge 2 alarms',
      'separator',
      'Quit (stop monitoring)',
    ]);
    for (const i of two) i.click?.();
    expect(log).toEqual(['show', 'ack', 'quit']);
  });

  it('says the level and what waits in the tooltip, one icon file per level', () => {
    expect(trayTooltip('Runaway', 1)).toBe('EV Battery Station — THERMAL RUNAWAY · 1 alarm to acknowledge');
    expect(trayTooltip('idle', 0)).toBe('EV Battery Station — no rig streaming');
    expect(trayIconPath('/res/tray', 'Warning')).toBe('/res/tray/tray-warning.png');
  });
});

describe('appMenuTemplate', () => {
  it('has no reload and no DevTools in the packaged app', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const r = roles(appMenuTemplate(platform, true, actions()));
      expect(r).not.toContain('toggleDevTools');
      expect(r).not.toContain('reload');
      expect(r).not.toContain('forceReload');
      expect(r).toEqual(
        expect.arrayContaining(['editMenu', 'windowMenu', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']),
      );
    }
    expect(roles(appMenuTemplate('linux', false, actions()))).toContain('toggleDevTools');
  });

  it('quits from the app menu on macOS and from File elsewhere', () => {
    expect(roles(appMenuTemplate('darwin', true, actions()))).toEqual(expect.arrayContaining(['appMenu']));
    expect(roles(appMenuTemplate('darwin', true, actions()))).not.toContain('quit');
    expect(roles(appMenuTemplate('win32', true, actions()))).toContain('quit');
  });

  it('switches start-at-login, opens the data folder and the driver pages, all allowed links', () => {
    const a = actions();
    const items = flat(appMenuTemplate('linux', true, a));
    const login = items.find((i) => i.label === 'Start at login')!;
    expect(login).toMatchObject({ type: 'checkbox', checked: false, enabled: true });
    login.click!();
    items.find((i) => i.label === 'Open data folder')!.click!();
    for (const l of DRIVER_LINKS) items.find((i) => i.label === l.label)!.click!();
    expect(a.log).toEqual(['login:true', 'data', ...DRIVER_LINKS.map((l) => l.url)]);
    for (const l of DRIVER_LINKS) expect(isAllowedExternalUrl(l.url), l.url).toBe(true);
  });
});
