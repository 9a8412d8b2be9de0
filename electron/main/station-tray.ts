/**
 * The tray icon: its colour is the worst current risk (station-watch.ts), its tooltip says it in
 * words, and its menu shows the window, acknowledges every unacknowledged alarm, or quits. The icons
 * are PNGs made by tools/icons/make-icons.ts, one per level.
 */
import { join } from 'node:path';
import type { RiskLevel } from './station-watch.js';

const LEVEL_WORDS: Record<RiskLevel, string> = {
  offline: 'station core not running',
  idle: 'no rig streaming',
  Normal: 'Normal',
  Watch: 'Watch',
  Warning: 'WARNING',
  Alarm: 'ALARM',
  Runaway: 'THERMAL RUNAWAY',
};

export function trayIconPath(iconDir: string, level: RiskLevel): string {
  return join(iconDir, `tray-${level.toLowerCase()}.png`);
}

export function trayTooltip(level: RiskLevel, unacknowledged: number): string {
  const alarms =
    unacknowledged > 0 ? ` · ${unacknowledged} alarm${unacknowledged === 1 ? '' : 's'} to acknowledge` : '';
  return `EV Battery Station — ${LEVEL_WORDS[level]}${alarms}`;
}

export interface TrayActions {
  show(): void;
  acknowledgeAll(): void;
  quit(): void;
}

/** Electron MenuItemConstructorOptions, kept to the fields used. */
export interface MenuItem {
  label?: string;
  type?: 'separator' | 'checkbox' | 'normal';
  role?: string;
  enabled?: boolean;
  checked?: boolean;
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItem[];
}

export function trayMenuTemplate(unacknowledged: number, actions: TrayActions): MenuItem[] {
  return [
    { label: 'Show EV Battery Station', click: actions.show },
    {
      label:
        unacknowledged > 0
          ? `Acknowledge ${unacknowledged} alarm${unacknowledged === 1 ? '' : 's'}`
          : 'No alarms to acknowledge',
      enabled: unacknowledged > 0,
      click: actions.acknowledgeAll,
    },
    { type: 'separator' },
    { label: 'Quit (stop monitoring)', click: actions.quit },
  ];
}
