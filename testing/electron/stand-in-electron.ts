/**
 * An Electron distribution folder for electron-builder that holds no Electron: the executable is a
 * small file carrying Electron's fuse wire (the sentinel @electron/fuses looks for, then the wire's
 * version, length and one byte per fuse, at Electron's defaults). electron-builder packs the real app
 * around it, flips the fuses in it as it would in the real binary, and a test reads them back —
 * everything a package holds but the browser itself, on a machine that cannot download Electron.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLED = 0x31;
const DISABLED = 0x30;
/** Electron's defaults, in FuseV1Options order: RunAsNode … GrantFileProtocolExtraPrivileges. */
const DEFAULT_WIRE = [ENABLED, DISABLED, ENABLED, ENABLED, DISABLED, DISABLED, DISABLED, ENABLED];

export function writeStandInElectron(dir: string): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const filler = Buffer.alloc(4096, 0x90);
  const wire = Buffer.from([1, DEFAULT_WIRE.length, ...DEFAULT_WIRE]);
  writeFileSync(join(dir, 'electron'), Buffer.concat([filler, Buffer.from(FUSE_SENTINEL, 'ascii'), wire, filler]), {
    mode: 0o755,
  });
  writeFileSync(join(dir, 'LICENSE'), 'stand-in\n');
  writeFileSync(join(dir, 'version'), 'stand-in\n');
  return dir;
}
