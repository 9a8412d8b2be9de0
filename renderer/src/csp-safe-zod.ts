/**
 * The page's Content-Security-Policy forbids eval. zod 4 probes for it with `new Function("")` the
 * first time it parses an object, which the browser reports as a CSP violation; jitless mode skips
 * the probe (and the compiled fast path, which the UI's small payloads do not need). Imported first
 * in main.tsx, before any schema is used.
 */
import { z } from 'zod';

z.config({ jitless: true });
