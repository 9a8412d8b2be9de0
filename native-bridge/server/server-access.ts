/**
 * The server's access settings: its token and the other web origins allowed to drive the station.
 * STATION_TOKEN, when set, is the token; otherwise one is generated on first use and kept in
 * `server-access.json` in the data folder (mode 0600: it lets a holder command the rig), shown in
 * Settings and rotatable there. A damaged file is reported and replaced, never a reason not to serve.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { webOriginSchema, type ServerAccessInfo } from '../contract/index.js';
import type { ServerAccessProvider } from '../station/server-access-handlers.js';
import { writeFileAtomically } from '../store/atomic-file.js';

export const SERVER_ACCESS_FILE = 'server-access.json';

const fileSchema = z.object({
  version: z.literal(1),
  token: z.string().min(16).max(200).nullable(),
  tokenCreatedAtMs: z.number().nullable(),
  allowedOrigins: z.array(webOriginSchema).max(20),
});
type AccessFile = z.infer<typeof fileSchema>;

export interface ServerAccessOptions {
  /** Where `server-access.json` lives; null keeps the settings in memory (tests, no data folder). */
  dataDir: string | null;
  /** STATION_TOKEN: wins over the stored one and cannot be rotated from the UI. */
  envToken?: string | undefined;
  warn?: (message: string) => void;
  now?: () => number;
}

export interface Binding {
  url: string;
  host: string;
  port: number;
  loopbackOnly: boolean;
}

export const newToken = (): string => randomBytes(24).toString('base64url');

export class ServerAccess implements ServerAccessProvider {
  private state: AccessFile;
  private binding: Binding | null = null;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly o: ServerAccessOptions) {
    this.now = o.now ?? Date.now;
    this.state = this.load();
  }

  private get path(): string | null {
    return this.o.dataDir === null ? null : join(this.o.dataDir, SERVER_ACCESS_FILE);
  }

  private load(): AccessFile {
    const empty: AccessFile = { version: 1, token: null, tokenCreatedAtMs: null, allowedOrigins: [] };
    const path = this.path;
    if (path === null) return empty;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        this.o.warn?.(`Cannot read ${path} (${(e as Error).message}); a new access token will be made.`);
      return empty;
    }
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // Reported below like a file of the wrong shape.
    }
    this.o.warn?.(`${path} is damaged; a new access token will be made.`);
    return empty;
  }

  private save(): void {
    const path = this.path;
    if (path !== null) {
      try {
        writeFileAtomically(path, `${JSON.stringify(this.state, null, 2)}\n`, 0o600);
      } catch (e) {
        this.o.warn?.(`Cannot save ${path}: ${(e as Error).message}. The token holds until the station stops.`);
      }
    }
    for (const l of this.listeners) l();
  }

  /** Told when the token or the origins change (the server drops connections made with an old token). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setBinding(b: Binding | null): void {
    this.binding = b;
  }

  /** The token in force, generated (and saved) on first use. */
  token(): string {
    if (this.o.envToken) return this.o.envToken;
    if (this.state.token === null) {
      this.state = { ...this.state, token: newToken(), tokenCreatedAtMs: this.now() };
      this.save();
    }
    return this.state.token!;
  }

  /** The page and API need the token: beyond loopback, or when STATION_TOKEN is set. */
  get tokenRequired(): boolean {
    return Boolean(this.o.envToken) || (this.binding !== null && !this.binding.loopbackOnly);
  }

  get allowedOrigins(): readonly string[] {
    return this.state.allowedOrigins;
  }

  info(): ServerAccessInfo {
    const b = this.binding;
    const token = this.token();
    return {
      serving: b !== null,
      url: b?.url ?? null,
      host: b?.host ?? null,
      port: b?.port ?? null,
      loopbackOnly: b?.loopbackOnly ?? true,
      tokenRequired: this.tokenRequired,
      token,
      tokenSource: this.o.envToken ? 'environment' : 'generated',
      tokenCreatedAtMs: this.o.envToken ? null : this.state.tokenCreatedAtMs,
      allowedOrigins: [...this.state.allowedOrigins],
      ingestUrl: b ? `${b.url}api/ingest` : null,
    };
  }

  rotateToken(): ServerAccessInfo {
    if (this.o.envToken)
      throw Object.assign(new Error('The token is set by STATION_TOKEN; change it there and restart the station.'), {
        code: 'server.token-from-environment',
      });
    this.state = { ...this.state, token: newToken(), tokenCreatedAtMs: this.now() };
    this.save();
    return this.info();
  }

  setAllowedOrigins(origins: string[]): ServerAccessInfo {
    const clean = [...new Set(origins.map((o) => o.toLowerCase()))];
    this.state = { ...this.state, allowedOrigins: fileSchema.shape.allowedOrigins.parse(clean) };
    this.save();
    return this.info();
  }
}
