/**
 * The window's own signals while alarms wait: the title names the worst one (a taskbar or a tab
 * strip shows it from across the room) and the favicon turns into a red warning sign. Both return
 * to the page's own when nothing waits.
 */
import { useEffect, useState } from 'react';
import type { Alarm } from '../../../native-bridge/contract/index.js';
import { attentionTitle } from './attention.js';

/** index.html's own "no icon" (so the browser does not ask the server for /favicon.ico). */
const QUIET_ICON = 'data:,';
const ALARM_ICON =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2 1 30h30z" fill="#d0021b"/>' +
      '<path d="M16 11v10M16 24.5v1.5" stroke="#fff" stroke-width="3.4" stroke-linecap="round"/></svg>',
  );

function iconLink(): HTMLLinkElement {
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = document.createElement('link');
    link.rel = 'icon';
    document.head.appendChild(link);
  }
  return link;
}

export function useAttentionSignals(waiting: readonly Alarm[]): void {
  const [baseTitle] = useState(() => document.title);
  useEffect(() => {
    document.title = attentionTitle(baseTitle, waiting);
    const link = iconLink();
    link.href = waiting.length > 0 ? ALARM_ICON : QUIET_ICON;
    link.dataset.alarm = waiting.length > 0 ? 'on' : 'off';
  }, [baseTitle, waiting]);
}
