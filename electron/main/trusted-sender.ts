/**
 * Who may call the core over IPC: the top frame of one of the station's own windows. Checked by
 * ownership of the sending WebContents (as Electron Fiddle does), not by its URL: a URL prefix says
 * nothing about an iframe inside our page or a window the app never opened.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';

export function isTrustedSender(
  e: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  ownWindows: readonly WebContents[],
): boolean {
  return ownWindows.includes(e.sender) && e.senderFrame !== null && e.senderFrame.parent === null;
}
