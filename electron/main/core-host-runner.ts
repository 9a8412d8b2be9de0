/**
 * The core host's whole behaviour, given its port to main: start the station, answer calls through
 * the contract's adapter, relay events, and on `shutdown` flush and close the store before exiting.
 * core-host.ts hands it Electron's parentPort; the tests hand it a Node child process's IPC channel,
 * so the real host runs, is killed and restarted under plain Node.
 */
import { createCallAdapter } from '../../native-bridge/contract/call-adapter.js';
import { loadStationConfig } from '../../native-bridge/station/station-config.js';
import { startStation } from '../../native-bridge/station/start-station.js';
import type { StationCore } from '../../native-bridge/station/station.js';
import type { HostMessage, HostRequest, SecretReply } from '../ipc-channels.js';
import { BridgedSecretStore, isSecretReply } from './bridged-secret-store.js';
import { hostCalls } from './host-calls.js';

export interface HostPort {
  postMessage(message: HostMessage): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
}

export interface HostOptions {
  env: NodeJS.ProcessEnv;
  exit: (code: number) => void;
}

function isRequest(m: unknown): m is Exclude<HostRequest, SecretReply> {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as { type?: unknown; id?: unknown; method?: unknown; deadlineMs?: unknown };
  if (r.type === 'shutdown') return true;
  return (
    r.type === 'call' && Number.isInteger(r.id) && typeof r.method === 'string' && typeof r.deadlineMs === 'number'
  );
}

export function runCoreHost(port: HostPort, { env, exit }: HostOptions): Promise<StationCore> {
  const post = (m: HostMessage) => {
    try {
      port.postMessage(m);
    } catch {
      // Main is gone (the app is quitting): nobody is left to tell.
    }
  };
  // Main says whether it keeps the sync's URI in the OS keychain, or why not (sync-secrets.ts).
  const secrets = env.STATION_SECRETS === 'os-keychain' ? new BridgedSecretStore(post) : null;
  const warning = env.STATION_SECRETS_WARNING;
  const sync = secrets ? { secretStore: secrets } : warning ? { secretWarning: warning } : undefined;
  const core = (async () => {
    const config = loadStationConfig(env);
    const binding = env.STATION_SQLITE_BINDING;
    const c = await startStation(config, {
      env,
      ...(binding ? { nativeBinding: binding } : {}),
      ...(sync ? { sync } : {}),
    });
    c.on((event, payload) => post({ type: 'event', event, payload }));
    post({ type: 'ready', dbPath: c.dbPath });
    return c;
  })();
  core.catch((e: unknown) => {
    post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
    exit(1);
  });
  const answer = hostCalls(
    core.then((c) => createCallAdapter(c.handlers, { validateResults: env.STATION_VALIDATE_RESULTS === '1' })),
    post,
  );
  let closing = false;
  // Listening from the start: a call sent while the core starts waits in hostCalls, not in the port.
  port.on('message', ({ data }) => {
    if (isSecretReply(data)) {
      secrets?.answer(data);
      return;
    }
    if (!isRequest(data)) return;
    if (data.type === 'call') {
      void answer(data);
      return;
    }
    if (closing) return;
    closing = true;
    void core
      .then(async (c) => {
        await c.close();
        post({ type: 'closed', framesIngested: c.ingestedFrames });
      })
      .catch(() => undefined)
      .finally(() => exit(0));
  });
  return core;
}
