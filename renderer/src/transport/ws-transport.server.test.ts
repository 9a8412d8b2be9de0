/**
 * The WebSocket transport against the real headless server and a station with a simulated rig: a relay
 * command that timed out while the server was down never reaches the core once it is up, and the
 * transport carries calls, errors and events as the UI uses them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStationApi, type MethodParams } from '../../../native-bridge/contract/index.js';
import { startHttpServer, type RunningServer } from '../../../native-bridge/server/http-server.js';
import { StationCore } from '../../../native-bridge/station/station.js';
import { waitFor } from '../../../testing/serial/wait-for.js';
import { createWsTransport, type WebSocketLike } from './ws-transport.js';

let dir: string;
let core: StationCore;
let server: RunningServer | null = null;
const commandsAtCore: MethodParams<'sendDeviceCommand'>[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const connect = (url: string) => {
  const ws = new WebSocket(url);
  // A refused connection is an 'error' then a 'close'; the transport acts on the close.
  ws.onerror = () => undefined;
  return ws as unknown as WebSocketLike;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'station-ws-transport-'));
  core = new StationCore({
    dataDir: join(dir, 'data'),
    logger: () => undefined,
    uiIntervalMs: 50,
    model: { path: null },
  });
  const send = core.handlers.sendDeviceCommand;
  core.handlers.sendDeviceCommand = (p) => {
    commandsAtCore.push(p);
    return send(p);
  };
  await core.handlers.connectSim({ scenario: 'normal-cycling', speed: 10 });
});

afterAll(async () => {
  await server?.close();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('WebSocket transport against the headless server', () => {
  it('never sends a relay command that timed out while the server was down', async () => {
    const port = await freePort();
    const transport = createWsTransport(`ws://127.0.0.1:${port}/ws`, { connect });
    const api = createStationApi(transport, { timeoutMs: () => 500 });
    let up = false;
    api.onConnectionChange((c) => (up = c));
    const [link] = core.devices.linkInfos();
    const relay = api.sendDeviceCommand({ spec: link!.spec, command: { name: 'RELAY', state: 'OPEN' } });
    await expect(relay).rejects.toMatchObject({ name: 'StationCallError', code: 'timeout' });

    server = await startHttpServer({ core, host: '127.0.0.1', port, webRoot: dir, validateResults: true });
    await waitFor(() => up, 'the transport to reconnect', 10_000);
    const links = await api.getDeviceLinks();
    await new Promise((r) => setTimeout(r, 300));
    expect(commandsAtCore).toEqual([]);
    expect(links[0]!.sim!.relayOpen).toBe(false);
    expect(links[0]!.health.commandsSent).toBe(0);

    // The same command in time does reach the rig: the check above could have seen it.
    expect(await api.sendDeviceCommand({ spec: link!.spec, command: { name: 'PING' } })).toMatchObject({ ok: true });
    expect(commandsAtCore.map((c) => c.command.name)).toEqual(['PING']);

    await expect(api.getLatestReadings({ limit: 0 })).rejects.toMatchObject({ code: 'bad-params' });
    const snapshot = await new Promise((resolve) => {
      const off = api.on('onLiveSnapshot', (s) => {
        off();
        resolve(s);
      });
    });
    expect(snapshot).toHaveProperty('devices');
  });
});
