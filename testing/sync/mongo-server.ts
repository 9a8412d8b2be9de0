/**
 * A MongoDB-compatible server for the sync tests: FerretDB 1.24 (SQLite backend) started on a free
 * loopback port with a temporary data folder, which the tests may stop, restart and kill; or, when
 * MONGO_TEST_URI is set, that real MongoDB, reached through a loopback TCP relay the tests can cut and
 * restore (a server the tests do not own cannot be restarted, its route can).
 *
 * FerretDB comes from `.ci/setup-extra` (built from the v1.24.2 module at `$(go env GOPATH)/bin`);
 * FERRETDB_BIN names another binary. With CI=true a missing one fails the suite instead of skipping it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestMongo {
  /** URI of the server (through the relay for MONGO_TEST_URI), without a database. */
  uri: string;
  /** What runs underneath, for messages. */
  kind: 'ferretdb' | 'mongodb';
  /** The server stops answering (FerretDB: SIGTERM; MongoDB: the relay closes). */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function ferretdbBinary(): string | null {
  const candidates = [process.env.FERRETDB_BIN];
  const gopath = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' });
  candidates.push(join(gopath.status === 0 ? gopath.stdout.trim() : join(homedir(), 'go'), 'bin', 'ferretdb'));
  candidates.push('ferretdb');
  for (const c of candidates) {
    if (!c) continue;
    if (c.includes('/') && !existsSync(c)) continue;
    const r = spawnSync(c, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    if (r.status === 0 && /version: v1\./.test(r.stdout)) return c;
  }
  return null;
}

/** Why the suite cannot run, or null when it can. */
export function mongoUnavailable(): string | null {
  if (process.env.MONGO_TEST_URI) return null;
  return ferretdbBinary()
    ? null
    : 'FerretDB is not installed (run `bash .ci/setup-extra`, or set FERRETDB_BIN or MONGO_TEST_URI)';
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() - t0 > timeoutMs)
          reject(new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export interface FerretOptions {
  /** Turns on SCRAM authentication with this one user. */
  user?: { name: string; password: string };
}

export async function startTestMongo(o: FerretOptions = {}): Promise<TestMongo> {
  return process.env.MONGO_TEST_URI ? relayTo(process.env.MONGO_TEST_URI) : startFerret(o);
}

export async function startFerret(o: FerretOptions = {}): Promise<TestMongo> {
  const bin = ferretdbBinary();
  if (!bin) throw new Error(mongoUnavailable()!);
  const dir = mkdtempSync(join(tmpdir(), 'ferretdb-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let log = '';
  const args = [
    '--handler=sqlite',
    // synchronous(normal): the test server need not survive a power cut, and fsync per commit made it crawl.
    `--sqlite-url=file:${dir}/?_pragma=synchronous(normal)`,
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${dir}`,
    '--debug-addr=-',
    '--telemetry=disable',
    `--log-level=${process.env.FERRETDB_LOG ? 'warn' : 'error'}`,
    ...(o.user
      ? [
          '--test-enable-new-auth',
          '--setup-database=admin',
          `--setup-username=${o.user.name}`,
          `--setup-password=${o.user.password}`,
        ]
      : []),
  ];
  const start = async () => {
    const c = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    c.stderr!.on('data', (b: Buffer) => {
      log = (log + b.toString()).slice(-4000);
      // FERRETDB_LOG=<file> keeps the server's whole log, for a failure that needs it.
      if (process.env.FERRETDB_LOG) appendFileSync(process.env.FERRETDB_LOG, b);
    });
    child = c;
    try {
      await waitForPort(port, 20_000);
    } catch (e) {
      throw new Error(`${(e as Error).message}; FerretDB said: ${log}`, { cause: e });
    }
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
  };
  await start();
  const auth = o.user ? `${encodeURIComponent(o.user.name)}:${encodeURIComponent(o.user.password)}@` : '';
  return {
    uri: `mongodb://${auth}127.0.0.1:${port}/${o.user ? '?authMechanism=SCRAM-SHA-256&authSource=admin' : ''}`,
    kind: 'ferretdb',
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback relay to a real MongoDB: closing it looks to the station like the server going away. */
async function relayTo(target: string): Promise<TestMongo> {
  const m = /^mongodb:\/\/(?:([^@/]*)@)?([^/:?,]+)(?::(\d+))?(\/[^?]*)?(\?.*)?$/.exec(target);
  if (!m) throw new Error('MONGO_TEST_URI must be a single-host mongodb:// URI');
  const [, auth, host, portText, , query] = m;
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(portText ?? 27017), host!);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });
  await start();
  return {
    uri: `mongodb://${auth ? `${auth}@` : ''}127.0.0.1:${port}/${query ?? ''}`,
    kind: 'mongodb',
    stop,
    start,
    close: stop,
  };
}
