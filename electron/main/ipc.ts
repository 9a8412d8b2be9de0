/**
 * The one IPC handler of the app. It checks the sender here; the method and params are checked once,
 * by the contract's call adapter in the core host, which answers the envelope this hands back.
 */
import { ipcMain, type WebContents } from 'electron';
import { callError } from '../../native-bridge/contract/call-errors.js';
import type { ResultEnvelope } from '../../native-bridge/contract/envelope.js';
import { IPC_CALL, IPC_EVENT } from '../ipc-channels.js';
import type { CoreClient } from './core-client.js';
import { isTrustedSender } from './trusted-sender.js';

export function registerIpc(core: CoreClient, windows: () => WebContents[]): void {
  ipcMain.handle(IPC_CALL, async (e, method: unknown, params: unknown, deadlineMs: unknown): Promise<ResultEnvelope> =>
    isTrustedSender(e, windows())
      ? core.call(method, params, deadlineMs)
      : { ok: false, error: callError('forbidden', "IPC from a frame that is not the station's own window.") },
  );
  core.onEvent((event, payload) => {
    for (const wc of windows()) if (!wc.isDestroyed()) wc.send(IPC_EVENT, event, payload);
  });
}
