/**
 * The one place IPC from the renderer is checked: the sender must be our own page, the method must be
 * in the contract and its params must pass the method's schema, before anything reaches the core.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { isMethodName, METHODS } from '../../native-bridge/contract/methods.js';
import { IPC_CALL, IPC_EVENT, type IpcCallResult } from '../ipc-channels.js';
import type { CoreClient } from './core-client.js';

export function isTrustedSender(e: IpcMainInvokeEvent, rendererUrl: string): boolean {
  const url = e.senderFrame?.url ?? '';
  return url.startsWith(rendererUrl);
}

export function registerIpc(core: CoreClient, rendererUrl: string, windows: () => WebContents[]): void {
  ipcMain.handle(IPC_CALL, async (e, method: unknown, params: unknown): Promise<IpcCallResult> => {
    if (!isTrustedSender(e, rendererUrl))
      return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } };
    if (!isMethodName(method))
      return { ok: false, error: { code: 'unknown-method', message: `Unknown method ${String(method)}` } };
    const parsed = METHODS[method].params.safeParse(params ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'bad-params', message: parsed.error.message } };
    return core.call(method, parsed.data);
  });
  core.onEvent((event, payload) => {
    for (const wc of windows()) if (!wc.isDestroyed()) wc.send(IPC_EVENT, event, payload);
  });
}
