/**
 * Main's half of the sync URI's storage: the core host asks (bridged-secret-store.ts), main encrypts
 * with Electron's safeStorage and keeps the ciphertext in the data folder. safeStorage is handed in
 * (Electron's in the app, a double in the tests), so this file runs under plain Node.
 *
 * Where safeStorage protects nothing — Linux without a keyring, where Chromium falls back to a fixed,
 * public key (`basic_text`) — main does not pretend: the core keeps its 0600 file and the Sync panel
 * says why (keychainStatus → STATION_SECRETS_WARNING).
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYNC_SECRET_FILE } from '../../native-bridge/station/station-sync.js';
import type { SecretReply, SecretRequest } from '../ipc-channels.js';

/** The part of Electron's safeStorage this uses (its asynchronous API: the synchronous one is deprecated). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export const KEYCHAIN_SECRET_FILE = 'sync-secret.enc';

export type KeychainStatus = { available: true } | { available: false; warning: string };

const NO_KEYRING =
  'No OS keychain is available (on Linux: no GNOME Keyring or KWallet is running), so the MongoDB URI is kept in a ' +
  'file that only this user account can read, not encrypted. Anyone with access to this account or to a backup of ' +
  'the data folder can read its password.';

export async function keychainStatus(safe: SafeStorageLike, platform: NodeJS.Platform): Promise<KeychainStatus> {
  const available = await safe.isAsyncEncryptionAvailable().catch(() => false);
  // With basic_text Chromium still "encrypts", with a key compiled into every copy of it: no protection.
  const plainKey = platform === 'linux' && safe.getSelectedStorageBackend?.() === 'basic_text';
  return available && !plainKey ? { available: true } : { available: false, warning: NO_KEYRING };
}

/** The ciphertext file in the data folder; a URI left in the core's plain file is moved in on first read. */
export class KeychainSecrets {
  private readonly path: string;
  private readonly plainPath: string;
  /** One request at a time: a set racing a get's migration must not be undone by it. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly safe: SafeStorageLike,
    dataDir: string,
  ) {
    this.path = join(dataDir, KEYCHAIN_SECRET_FILE);
    this.plainPath = join(dataDir, SYNC_SECRET_FILE);
  }

  /** Never rejects: a failure is a reply the core turns into the Sync panel's message. */
  answer(req: SecretRequest): Promise<SecretReply> {
    const run = this.chain.then(async (): Promise<SecretReply> => {
      try {
        const value = req.op === 'get' ? await this.get() : (await this.set(req.value), null);
        return { type: 'secret-reply', id: req.id, ok: true, value };
      } catch (e) {
        return { type: 'secret-reply', id: req.id, ok: false, message: (e as Error).message };
      }
    });
    this.chain = run;
    return run;
  }

  private async get(): Promise<string | null> {
    const sealed = readOrNull(this.path);
    if (sealed === null) return this.adoptPlainFile();
    let opened: { result: string; shouldReEncrypt: boolean };
    try {
      opened = await this.safe.decryptStringAsync(sealed);
    } catch (e) {
      throw new Error(
        `The stored MongoDB URI could not be decrypted with the OS keychain (${(e as Error).message}); enter it again in Settings → Sync.`,
        { cause: e },
      );
    }
    if (opened.shouldReEncrypt) await this.set(opened.result);
    return opened.result;
  }

  private async set(value: string | null): Promise<void> {
    if (value === null) {
      rmSync(this.path, { force: true });
    } else {
      const sealed = await this.safe.encryptStringAsync(value);
      writePrivate(this.path, sealed);
    }
    // Never two copies, and never the plain one beside the encrypted one.
    rmSync(this.plainPath, { force: true });
  }

  /** A URI stored before the keychain was there (an older version, or a keyring set up since). */
  private async adoptPlainFile(): Promise<string | null> {
    const raw = readOrNull(this.plainPath);
    if (raw === null) return null;
    let uri: unknown;
    try {
      uri = (JSON.parse(raw.toString('utf8')) as { uri?: unknown }).uri;
    } catch {
      return null;
    }
    if (typeof uri !== 'string') return null;
    await this.set(uri);
    return uri;
  }
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

/** Mode 0600 for the ciphertext too (a copied file is then no use on another account), replaced atomically. */
function writePrivate(path: string, data: Buffer): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
