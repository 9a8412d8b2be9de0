/** The access settings file: a token made on first use and kept (0600), rotation, origins, damage. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCleanups } from '../../testing/test-cleanups.js';
import { SERVER_ACCESS_FILE, ServerAccess } from './server-access.js';

const cleanups = testCleanups();
const binding = (loopbackOnly: boolean) => ({ url: 'http://h:1/', host: 'h', port: 1, loopbackOnly });

describe('ServerAccess', () => {
  it('makes the token on first use, keeps it private in the data folder, and rotates it', () => {
    const dir = cleanups.tempDir('access-');
    const a = new ServerAccess({ dataDir: dir });
    const changes: number[] = [];
    a.onChange(() => changes.push(1));
    const t1 = a.token();
    expect(t1).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.token()).toBe(t1);
    const path = join(dir, SERVER_ACCESS_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(new ServerAccess({ dataDir: dir }).token()).toBe(t1);
    const rotated = a.rotateToken();
    expect(rotated.token).not.toBe(t1);
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe(rotated.token);
    expect(changes).toHaveLength(2);
  });

  it('requires the token beyond loopback or when STATION_TOKEN is set, which cannot be rotated here', () => {
    const a = new ServerAccess({ dataDir: null });
    a.setBinding(binding(true));
    expect(a.tokenRequired).toBe(false);
    a.setBinding(binding(false));
    expect(a.tokenRequired).toBe(true);
    const env = new ServerAccess({ dataDir: null, envToken: 'from-env-0123456789' });
    env.setBinding(binding(true));
    expect(env.info()).toMatchObject({ tokenRequired: true, token: 'from-env-0123456789', tokenSource: 'environment' });
    expect(() => env.rotateToken()).toThrow(/STATION_TOKEN/);
  });

  it('keeps allowed origins normalised, refuses malformed ones, and replaces a damaged file with a warning', () => {
    const dir = cleanups.tempDir('access-');
    const a = new ServerAccess({ dataDir: dir });
    expect(a.setAllowedOrigins(['HTTP://Dash.example:3000', 'http://dash.example:3000']).allowedOrigins).toEqual([
      'http://dash.example:3000',
    ]);
    expect(() => a.setAllowedOrigins(['javascript:alert(1)'])).toThrow();
    writeFileSync(join(dir, SERVER_ACCESS_FILE), '{ not json');
    const warnings: string[] = [];
    const b = new ServerAccess({ dataDir: dir, warn: (m) => warnings.push(m) });
    expect(warnings[0]).toMatch(/damaged/);
    expect(b.token()).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
