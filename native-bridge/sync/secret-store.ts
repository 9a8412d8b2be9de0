/**
 * Where the sync's MongoDB URI (it carries the password) is kept. The core is Electron-free, so it only
 * defines the interface: the desktop app hands in one backed by the OS keychain (Electron safeStorage,
 * electron/main/sync-secrets.ts); `serve` and the tests use a file only the user may read, or memory.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SecretStore {
  readonly kind: 'os-keychain' | 'file' | 'memory';
  /** Why the secret is kept less safely than the operator would expect (the desktop app without a keyring). */
  readonly warning?: string;
  get(): Promise<string | null>;
  /** `null` forgets the secret. */
  set(value: string | null): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  constructor(private value: string | null = null) {}
  get(): Promise<string | null> {
    return Promise.resolve(this.value);
  }
  set(value: string | null): Promise<void> {
    this.value = value;
    return Promise.resolve();
  }
}

/** A JSON file with mode 0600, replaced atomically (write, then rename) so a crash never leaves half of it. */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  constructor(
    private readonly path: string,
    readonly warning?: string,
  ) {}

  get(): Promise<string | null> {
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as { uri?: unknown };
      return Promise.resolve(typeof parsed.uri === 'string' ? parsed.uri : null);
    } catch {
      return Promise.resolve(null);
    }
  }

  set(value: string | null): Promise<void> {
    if (value === null) {
      rmSync(this.path, { force: true });
      return Promise.resolve();
    }
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ uri: value }), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
    return Promise.resolve();
  }
}
