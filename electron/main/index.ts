/**
 * Desktop shell: one window on the Live tab, the station core in a utility process, IPC wired through
 * a single checked handler. Honours the same environment as `npm run serve` (STATION_DEVICE, …).
 * Everything that decides something lives in the modules it imports, each tested under Node with
 * stand-ins for Electron; this file only hands them Electron's objects.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, utilityProcess } from 'electron';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appFileResponse } from './app-protocol.js';
import { manageLifecycle } from './app-lifecycle.js';
import { CoreSupervisor } from './core-supervisor.js';
import { registerIpc } from './ipc.js';
import { mainWindowOptions, pageSource } from './main-window.js';
import { guardSession } from './session-guard.js';
import { guardWebContents } from './web-contents-guard.js';

const here = import.meta.dirname;
const page = pageSource(app.isPackaged, process.env);
// Before `ready`, or the scheme gets no origin of its own.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

app.on('web-contents-created', (_e, contents) =>
  guardWebContents(contents, page.origin, (url) => shell.openExternal(url)),
);

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs'), app.isPackaged));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(page.url);
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  guardSession(session.defaultSession, page.devOrigin);
  const rendererDir = join(here, '../renderer');
  protocol.handle(APP_SCHEME, (request) => appFileResponse(request, rendererDir));
  const env: Record<string, string | undefined> = {
    ...process.env,
    STATION_DATA_DIR: process.env.STATION_DATA_DIR || app.getPath('userData'),
  };
  // In development better-sqlite3 in node_modules is built for Node; tools/electron-native.mjs keeps
  // an Electron build beside it. Packaged apps are rebuilt for Electron by electron-builder.
  const devBinding = join(
    app.getAppPath(),
    'node_modules/.cache/station-electron-native',
    process.versions.electron,
    'better_sqlite3.node',
  );
  if (!app.isPackaged && !env.STATION_SQLITE_BINDING && existsSync(devBinding)) env.STATION_SQLITE_BINDING = devBinding;
  const core = new CoreSupervisor({
    spawn: () =>
      utilityProcess.fork(join(here, 'core-host.js'), [], { env, serviceName: 'Station core', stdio: 'inherit' }),
  });
  registerIpc(ipcMain, core, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  core.ready.catch((e: Error) => dialog.showErrorBox('Station core failed', e.message));
  manageLifecycle(app, {
    core,
    platform: process.platform,
    windowCount: () => BrowserWindow.getAllWindows().length,
    openWindow: () => void createWindow(),
    monitoringInTray: () => false,
  });
  createWindow();
}

void start();
