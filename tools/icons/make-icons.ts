/**
 * Makes every icon of the app from the two SVGs drawn for it in electron/build-resources: the app icon
 * (PNG set for Linux, .ico for Windows, .icns for macOS) and one tray icon per risk level, filled with
 * that level's colour. The outputs are committed; `--check` renders them again and fails if a
 * committed file differs (the SVG changed without `npm run icons`).
 *
 *   npm run icons            # write
 *   npm run icons -- --check # compare
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { RISK_LEVELS, type RiskLevel } from '../../electron/main/station-watch.js';
import { writeIcns, writeIco, ICNS_TYPES } from './icon-containers.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RESOURCES = join(ROOT, 'electron/build-resources');
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

/** The tray's colours: the UI's risk palette, grey when nothing is known. */
export const TRAY_FILL: Record<RiskLevel, string> = {
  offline: '#475569',
  idle: '#64748b',
  Normal: '#16a34a',
  Watch: '#ca8a04',
  Warning: '#ea580c',
  Alarm: '#dc2626',
  Runaway: '#9d174d',
};

export function render(svg: string, size: number): Buffer {
  return Buffer.from(
    new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng(),
  );
}

/** Every output file (path relative to the repository) and its bytes. */
export function iconOutputs(): Map<string, Buffer> {
  const icon = readFileSync(join(RESOURCES, 'icon.svg'), 'utf8');
  const tray = readFileSync(join(RESOURCES, 'tray.svg'), 'utf8');
  const sizes = new Set<number>([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map((t) => t.size)]);
  const png = new Map([...sizes].map((s) => [s, render(icon, s)]));
  const out = new Map<string, Buffer>();
  const at = (p: string) => relative(ROOT, join(RESOURCES, p));
  for (const s of LINUX_SIZES) out.set(at(`icons/${s}x${s}.png`), png.get(s)!);
  out.set(at('icon.png'), png.get(1024)!);
  out.set(at('icon.ico'), writeIco(ICO_SIZES.map((size) => ({ size, png: png.get(size)! }))));
  out.set(at('icon.icns'), writeIcns(png));
  for (const level of RISK_LEVELS) {
    const svg = tray.replaceAll('FILL', TRAY_FILL[level]);
    out.set(at(`tray/tray-${level.toLowerCase()}.png`), render(svg, 32));
    out.set(at(`tray/tray-${level.toLowerCase()}@2x.png`), render(svg, 64));
  }
  return out;
}

function main(): void {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [path, bytes] of iconOutputs()) {
    const file = join(ROOT, path);
    if (check) {
      if (!existsSync(file) || !readFileSync(file).equals(bytes)) stale.push(path);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    console.log(`wrote ${path} (${bytes.length} bytes)`);
  }
  if (stale.length > 0) {
    console.error(`icons out of date (run npm run icons):\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
