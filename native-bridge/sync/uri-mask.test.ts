import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeSyncError, firstHost } from './sync-errors.js';
import { MASK, maskUri, scrub } from './uri-mask.js';

// Passwords of the kind people type, escaped as a URI must carry them.
const password = fc.string({ minLength: 4, maxLength: 40 }).filter((s) => s.trim().length >= 4);
const user = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/);

describe('URI masking', () => {
  it('hides the password of ordinary and Atlas URIs and keeps the rest', () => {
    expect(maskUri('mongodb://station:pa55@127.0.0.1:27017/ev?authSource=admin')).toBe(
      `mongodb://station:${MASK}@127.0.0.1:27017/ev?authSource=admin`,
    );
    expect(maskUri('mongodb+srv://u:p%40ss@cluster0.example.net/')).toBe(
      `mongodb+srv://u:${MASK}@cluster0.example.net/`,
    );
    expect(maskUri('mongodb://127.0.0.1:27017/')).toBe('mongodb://127.0.0.1:27017/');
    expect(maskUri('mongodb://h/?authMechanismProperties=AWS_SESSION_TOKEN:abc123')).toBe(
      `mongodb://h/?authMechanismProperties=${MASK}`,
    );
    // Not a URI at all, or a password with unescaped '/' and '@': still masked up to the last '@'.
    expect(maskUri('user:secret@host')).toBe(`user:${MASK}@host`);
    expect(maskUri('mongodb://u:a/b@c?d@host/db')).toBe(`mongodb://u:${MASK}@host/db`);
  });

  it('never shows a password, escaped or raw, in the masked URI or a scrubbed message', () => {
    fc.assert(
      fc.property(user, password, fc.boolean(), (u, p, escape) => {
        const inUri = escape ? encodeURIComponent(p) : p;
        const uri = `mongodb://${u}:${inUri}@db.example.net:27017/ev`;
        const masked = maskUri(uri);
        expect(masked.startsWith(`mongodb://${u}:${MASK}@`)).toBe(true);
        const message = `failed for ${uri} (password ${p}, raw ${inUri})`;
        const clean = scrub(message, uri);
        if (p.length >= 4) {
          expect(clean.includes(inUri)).toBe(false);
          expect(clean.includes(p)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('sync error messages', () => {
  it('names the first host without the user info', () => {
    expect(firstHost('mongodb://a:b@h1:1,h2:2/db')).toBe('h1:1');
    expect(firstHost('mongodb+srv://cluster.example.net/')).toBe('cluster.example.net');
  });

  it('says what happened in plain words and echoes no password', () => {
    const uri = 'mongodb://u:hunter22@10.0.0.5:27017/';
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:27017'), { code: 'ECONNREFUSED' });
    const selection = Object.assign(new Error(`Server selection timed out for ${uri}`), {
      name: 'MongoServerSelectionError',
      reason: { servers: new Map([['10.0.0.5:27017', { error: refused }]]) },
    });
    const r = describeSyncError(selection, uri);
    expect(r).toMatchObject({ code: 'sync.unreachable', transient: true });
    expect(r.message).toContain('10.0.0.5:27017: connection refused');
    const auth = describeSyncError(Object.assign(new Error('Authentication failed.'), { code: 18 }), uri);
    expect(auth).toMatchObject({ code: 'sync.auth', transient: false });
    const parse = describeSyncError(Object.assign(new Error(`bad ${uri}`), { name: 'MongoParseError' }), uri);
    expect(parse.code).toBe('sync.bad-uri');
    for (const m of [r.message, auth.message, parse.message]) expect(m).not.toContain('hunter22');
  });
});
