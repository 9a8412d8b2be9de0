/**
 * The narrow bridge of the desktop app: exposes `window.station`, a StationBridge — one domain method
 * per contract method, answering plain-data envelopes, and event subscription — over two IPC
 * channels. The renderer never sees ipcRenderer, and wraps this with the contract's StationApi.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { callError } from '../../native-bridge/contract/call-errors.js';
import type { ResultEnvelope } from '../../native-bridge/contract/envelope.js';
import { METHOD_NAMES } from '../../native-bridge/contract/methods.js';
import type { StationBridge } from '../../native-bridge/contract/station-bridge.js';
import { IPC_CALL, IPC_EVENT } from '../ipc-channels.js';

async function invoke(method: string, params: unknown, deadlineMs: number): Promise<ResultEnvelope> {
  try {
    return (await ipcRenderer.invoke(IPC_CALL, method, params, deadlineMs)) as ResultEnvelope;
  } catch (e) {
    // invoke rejects only when main has no handler or the params cannot be cloned.
    return { ok: false, error: callError('failed', e instanceof Error ? e.message : String(e)) };
  }
}

const bridge = {
  ...Object.fromEntries(
    METHOD_NAMES.map((m) => [m, (params: unknown, deadlineMs: number) => invoke(m, params, deadlineMs)]),
  ),
  on(event: string, listener: (payload: unknown) => void) {
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => void ipcRenderer.removeListener(IPC_EVENT, handler);
  },
} as StationBridge;

contextBridge.exposeInMainWorld('station', bridge);
