/**
 * Desktop shell: one window on the Live tab, the station core in a supervised utility process, IPC
 * through a single checked handler, a tray icon coloured by the current risk, OS notifications for
 * alarms. Honours the same environment as `npm run serve` (STATION_DEVICE, …). Everything that
 * decides something lives in the modules imported here, each tested under Node with stand-ins for
 * Electron; this file only hands them Electron's objects.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
  utilityProcess,
  type MenuItemConstructorOptions,
} from 'electron';
import { AlarmNotifier } from './alarm-notifier.js';
import { appMenuTemplate } from './app-menu.js';
import { manageLifecycle } from './app-lifecycle.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appFileResponse } from './app-protocol.js';
import { CLOSE_CHOICES, CLOSE_DIALOG, CloseGuard } from './close-guard.js';
import { CoreSupervisor } from './core-supervisor.js';
import { openExternalIfAllowed } from './external-links.js';
import { registerIpc } from './ipc.js';
import { mainWindowOptions, pageSource } from './main-window.js';
import { guardSession } from './session-guard.js';
import { StartAtLogin } from './start-at-login.js';
import { StationWatch } from './station-watch.js';
import { KeychainSecrets, keychainStatus } from './sync-secrets.js';
import { trayIconPath, trayMenuTemplate, trayTooltip, type MenuItem } from './station-tray.js';
import { guardWebContents } from './web-contents-guard.js';
import { loadWindowState, saveWindowState } from './window-bounds.js';

const here = import.meta.dirname;

/** The supervisor's own warnings (the core stopped, or will not start) reach an operator away from the window too. */
function shellProblem(payload: unknown): { title: string; body: string; urgency: 'critical' } | null {
  const n = payload as { id?: unknown; level?: unknown; message?: unknown } | null;
  if (typeof n?.id !== 'number' || n.id >= 0 || n.level === 'info' || typeof n.message !== 'string') return null;
  return { title: 'EV Battery Station: station core', body: n.message, urgency: 'critical' };
}
const page = pageSource(app.isPackaged, process.env);
const openExternal = (url: string) => shell.openExternal(url);
const menu = (items: MenuItem[]) => Menu.buildFromTemplate(items as MenuItemConstructorOptions[]);

// Before `ready`, or the scheme gets no origin of its own.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// Two instances would share station.sqlite and fight over the serial port: the second hands over.
if (!app.requestSingleInstanceLock()) app.quit();
else void start();

async function start(): Promise<void> {
  let mainWindow: BrowserWindow | null = null;
  const showWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };
  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, page.origin, openExternal));

  await app.whenReady();
  // Windows shows an app's notifications only under its AppUserModelID (the installer registers the appId).
  if (process.platform === 'win32') app.setAppUserModelId('org.evstation.desktop');
  guardSession(session.defaultSession, page.devOrigin);
  const rendererDir = join(here, '../renderer');
  protocol.handle(APP_SCHEME, (request) => appFileResponse(request, rendererDir));

  const dataDir = process.env.STATION_DATA_DIR || app.getPath('userData');
  const env: Record<string, string | undefined> = { ...process.env, STATION_DATA_DIR: dataDir };
  // In development better-sqlite3 in node_modules is built for Node; tools/electron-native.mjs keeps
  // an Electron build beside it. Packaged apps are rebuilt for Electron by electron-builder.
  const devBinding = join(
    app.getAppPath(),
    'node_modules/.cache/station-electron-native',
    process.versions.electron,
    'better_sqlite3.node',
  );
  if (!app.isPackaged && !env.STATION_SQLITE_BINDING && existsSync(devBinding)) env.STATION_SQLITE_BINDING = devBinding;

  // The utility process has no safeStorage: main keeps the sync's URI for it, or says why it cannot.
  const keychain = await keychainStatus(safeStorage, process.platform);
  if (keychain.available) env.STATION_SECRETS = 'os-keychain';
  else env.STATION_SECRETS_WARNING = keychain.warning;
  const secrets = new KeychainSecrets(safeStorage, dataDir);

  const core = new CoreSupervisor({
    spawn: () =>
      utilityProcess.fork(join(here, 'core-host.js'), [], { env, serviceName: 'Station core', stdio: 'inherit' }),
    ...(keychain.available ? { secrets: (r) => secrets.answer(r) } : {}),
  });
  const ownWindows = () => BrowserWindow.getAllWindows().map((w) => w.webContents);
  registerIpc(ipcMain, core, ownWindows);
  core.ready.catch((e: Error) => dialog.showErrorBox('Station core failed', e.message));

  const watch = new StationWatch();
  const notifier = new AlarmNotifier();
  core.onEvent((event, payload) => {
    watch.onEvent(event, payload);
    if (!Notification.isSupported()) return;
    const n = event === 'onAlarmChanged' ? notifier.consider(payload) : shellProblem(payload);
    if (!n) return;
    const note = new Notification({ title: n.title, body: n.body, urgency: n.urgency, timeoutType: 'never' });
    note.on('click', showWindow);
    note.show();
  });
  const seedAlarms = () =>
    void core.call('getActiveAlarms', {}, Date.now() + 10_000).then((r) => r.ok && watch.seedAlarms(r.result));
  core.onStateChange((state) => {
    watch.onCoreState(state);
    if (state === 'running') void core.ready.then(seedAlarms, () => undefined);
  });
  void core.ready.then(seedAlarms, () => undefined);

  const acknowledgeAll = () => {
    for (const a of watch.unacknowledged)
      void core.call('acknowledgeAlarm', { id: a.id, by: 'tray menu' }, Date.now() + 10_000);
  };
  const iconDir = app.isPackaged
    ? join(process.resourcesPath, 'tray')
    : join(app.getAppPath(), 'electron/build-resources/tray');
  const tray = new Tray(nativeImage.createFromPath(trayIconPath(iconDir, watch.level)));
  const updateTray = () => {
    const unacked = watch.unacknowledged.length;
    tray.setImage(nativeImage.createFromPath(trayIconPath(iconDir, watch.level)));
    tray.setToolTip(trayTooltip(watch.level, unacked));
    tray.setContextMenu(menu(trayMenuTemplate(unacked, { show: showWindow, acknowledgeAll, quit: () => app.quit() })));
  };
  tray.on('click', showWindow);
  watch.onChange(updateTray);
  updateTray();

  const login = new StartAtLogin(process.platform, app, {
    autostartDir: join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart'),
    command: [process.env.APPIMAGE || process.execPath],
  });
  const setAppMenu = () =>
    Menu.setApplicationMenu(
      menu(
        appMenuTemplate(process.platform, app.isPackaged, {
          startAtLogin: login.enabled,
          canStartAtLogin: login.supported,
          setStartAtLogin: (on) => {
            login.set(on);
            setAppMenu();
          },
          openDataFolder: () => void shell.openPath(dataDir),
          openLink: (url) => void openExternalIfAllowed(openExternal, url),
        }),
      ),
    );
  setAppMenu();

  const lifecycle = manageLifecycle(app, {
    core,
    platform: process.platform,
    windowCount: () => BrowserWindow.getAllWindows().length,
    openWindow: showWindow,
    monitoringInTray: () => closeGuard.monitoringInTray,
  });
  const closeGuard = new CloseGuard({
    quitting: () => lifecycle.quitting,
    streaming: () => watch.streaming,
    ask: async () => {
      const options = { ...CLOSE_DIALOG, buttons: [...CLOSE_DIALOG.buttons] };
      const r = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
      return CLOSE_CHOICES[r.response] ?? 'cancel';
    },
    quit: () => app.quit(),
  });

  const stateFile = join(dataDir, 'window-state.json');
  function createWindow(): BrowserWindow {
    const saved = loadWindowState(
      stateFile,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const win = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs'), app.isPackaged, saved.bounds));
    if (saved.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());
    closeGuard.guard(win);
    win.on('close', () => saveWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() }));
    void win.loadURL(page.url);
    return win;
  }
  mainWindow = createWindow();
}
