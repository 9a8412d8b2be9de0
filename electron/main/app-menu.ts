/**
 * The application menu: the usual roles (edit, view zoom, window; the app menu on macOS), a
 * start-at-login switch and the data folder, and the serial-driver pages. Reload and DevTools only in
 * development: in the packaged app nothing in the menu reaches into the page.
 */
import type { MenuItem } from './station-tray.js';

export interface MenuActions {
  startAtLogin: boolean;
  /** False where the OS offers no login items the app can set. */
  canStartAtLogin: boolean;
  setStartAtLogin(on: boolean): void;
  openDataFolder(): void;
  openLink(url: string): void;
}

export const DRIVER_LINKS = [
  {
    label: 'USB driver for CP210x boards (Silicon Labs)',
    url: 'https://www.silabs.com/developer-tools/usb-to-uart-bridge-vcp-drivers',
  },
  { label: 'USB driver for CH340/CH9102 boards (WCH)', url: 'https://www.wch-ic.com/downloads/CH341SER_EXE.html' },
] as const;

export function appMenuTemplate(platform: NodeJS.Platform, packaged: boolean, actions: MenuActions): MenuItem[] {
  const mac = platform === 'darwin';
  const file: MenuItem = {
    label: 'File',
    submenu: [
      {
        label: 'Start at login',
        type: 'checkbox',
        checked: actions.startAtLogin,
        enabled: actions.canStartAtLogin,
        click: () => actions.setStartAtLogin(!actions.startAtLogin),
      },
      { label: 'Open data folder', click: actions.openDataFolder },
      ...(mac ? [] : [{ type: 'separator' as const }, { role: 'quit' }]),
    ],
  };
  const view: MenuItem = {
    label: 'View',
    submenu: [
      ...(packaged
        ? []
        : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' as const }]),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItem = {
    role: 'help',
    submenu: DRIVER_LINKS.map((l) => ({ label: l.label, click: () => actions.openLink(l.url) })),
  };
  return [...(mac ? [{ role: 'appMenu' }] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}
