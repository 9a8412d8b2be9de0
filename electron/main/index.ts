/**
 * Desktop shell: one window on the Live tab, the station core in a utility process, IPC wired through
 * a single checked handler. Honours the same environment as `npm run serve` (STATION_DEVICE, …).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, shell, utilityProcess } from 'electron';
import { CoreClient } from './core-client.js';
import { registerIpc } from './ipc.js';

const here = import.meta.dirname;
let core: CoreClient | null = null;

function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(here, '../renderer/index.html')).href;
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 640,
    title: 'EV Battery Station',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Links open in the user's browser, never inside the station window.
  win.webContents.setWindowOpenHandler(({ url }) => {
    void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(rendererUrl().replace(/index\.html$/, ''))) e.preventDefault();
  });
  void win.loadURL(rendererUrl());
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  const env: Record<string, string | undefined> = {
    ...process.env,
    STATION_DATA_DIR: process.env.STATION_DATA_DIR || app.getPath('userData'),
  };
  // In development better-sqlite3 in node_modules is built for Node; scripts/electron-native.mjs keeps
  // an Electron build beside it. Packaged apps are rebuilt for Electron by electron-builder.
  const devBinding = join(
    app.getAppPath(),
    'node_modules/.cache/station-electron-native',
    process.versions.electron,
    'better_sqlite3.node',
  );
  if (!app.isPackaged && !env.STATION_SQLITE_BINDING && existsSync(devBinding)) env.STATION_SQLITE_BINDING = devBinding;
  core = new CoreClient(
    utilityProcess.fork(join(here, 'core-host.js'), [], { env, serviceName: 'Station core', stdio: 'inherit' }),
  );
  registerIpc(core, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  core.ready.catch((e: Error) => dialog.showErrorBox('Station core failed', e.message));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  core?.shutdown();
  if (process.platform !== 'darwin') app.quit();
});

void start();
