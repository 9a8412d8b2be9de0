/**
 * A stand-in for Electron's safeStorage in the tests: real AES-GCM under a key of its own, so a file
 * it sealed really holds no plaintext, and another instance (another user, a reset keychain) cannot
 * open it. `available` and `backend` play the machine without a keyring.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../../electron/main/sync-secrets.js';

export class SafeStorageDouble implements SafeStorageLike {
  private readonly key = randomBytes(32);
  available = true;
  backend = 'gnome_libsecret';
  /** Answer the next decryptions with shouldReEncrypt (a rotated key). */
  reEncrypt = false;
  encryptions = 0;

  isAsyncEncryptionAvailable(): Promise<boolean> {
    return Promise.resolve(this.available);
  }

  getSelectedStorageBackend(): string {
    return this.backend;
  }

  encryptStringAsync(plainText: string): Promise<Buffer> {
    this.encryptions++;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plainText, 'utf8'), c.final()]);
    return Promise.resolve(Buffer.concat([iv, c.getAuthTag(), body]));
  }

  decryptStringAsync(sealed: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      const result = Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
      return Promise.resolve({ result, shouldReEncrypt: this.reEncrypt });
    } catch {
      return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'));
    }
  }
}
