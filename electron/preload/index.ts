/**
 * The narrow bridge of the desktop app: exposes `window.station`, a StationApi of domain methods built
 * from the contract, over two IPC channels. The renderer never sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createStationApi, type StationTransport } from '../../native-bridge/contract/station-api.js';
import { IPC_CALL, IPC_EVENT, type IpcCallResult } from '../ipc-channels.js';

const transport: StationTransport = {
  async call(method, params) {
    const r = (await ipcRenderer.invoke(IPC_CALL, method, params)) as IpcCallResult;
    if (r.ok) return r.result;
    // Errors cross contextBridge as plain messages; keep the code readable in them.
    throw new Error(`[${r.error.code}] ${r.error.message}`);
  },
  subscribe(event, listener) {
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT, handler);
  },
};

contextBridge.exposeInMainWorld('station', createStationApi(transport));
