/**
 * The one IPC handler of the app. It checks the sender here; the method and params are checked once,
 * by the contract's call adapter in the core host, which answers the envelope this hands back. It
 * never throws: whatever the renderer sends, it gets an envelope.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { callError } from '../../native-bridge/contract/call-errors.js';
import type { ResultEnvelope } from '../../native-bridge/contract/envelope.js';
import { IPC_CALL, IPC_EVENT } from '../ipc-channels.js';
import { isTrustedSender } from './trusted-sender.js';

type InvokeEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** The part of Electron's ipcMain this uses. */
export interface IpcRegistry {
  handle(channel: string, listener: (e: InvokeEvent, ...args: unknown[]) => Promise<ResultEnvelope>): void;
}

/** The core as the IPC handler sees it (CoreSupervisor, or a test's stand-in). */
export interface CoreCalls {
  call(method: unknown, params: unknown, deadlineMs: unknown): Promise<ResultEnvelope>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}

export function registerIpc(ipc: IpcRegistry, core: CoreCalls, ownWindows: () => WebContents[]): void {
  ipc.handle(IPC_CALL, async (e, method, params, deadlineMs) => {
    try {
      if (!isTrustedSender(e, ownWindows()))
        return { ok: false, error: callError('forbidden', "IPC from a frame that is not the station's own window.") };
      return await core.call(method, params, deadlineMs);
    } catch (err) {
      return { ok: false, error: callError('failed', `The call could not be passed on: ${(err as Error).message}`) };
    }
  });
  core.onEvent((event, payload) => {
    for (const wc of ownWindows())
      if (!wc.isDestroyed())
        try {
          wc.send(IPC_EVENT, event, payload);
        } catch {
          // A window closing between the check and the send: the next event goes to the others.
        }
  });
}
