/**
 * electron-builder.yml against the files it packs: every native binary in node_modules that an
 * installer keeps is unpacked from the asar (the OS loads it from disk), each installer keeps only its
 * own OS's and CPU's onnxruntime and serialport binaries, the model and the tray icons ship as
 * resources where the app looks for them, the fuses are set, the icons are valid and made from the
 * SVGs, and nothing in `npm install` downloads Electron.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/prerequisites.js';
import {
  builderConfig,
  filesUnder,
  kept,
  NODE_PLATFORM,
  unpacked,
  type BuilderPlatform,
} from '../testing/electron/builder-config.js';
import { pngSize, readIcns, readIco } from '../tools/icons/icon-containers.js';
import { ICO_SIZES, iconOutputs, LINUX_SIZES } from '../tools/icons/make-icons.js';
import { RISK_LEVELS } from './main/station-watch.js';
import { trayIconPath } from './main/station-tray.js';

const config = builderConfig();
const NATIVE = /\.(node|so(\.\d+)*|dll|dylib)$/;
const nativeFiles = [
  ...filesUnder('node_modules/better-sqlite3'),
  ...filesUnder('node_modules/onnxruntime-node'),
  ...filesUnder('node_modules/@serialport/bindings-cpp'),
].filter((f) => NATIVE.test(f));
const PLATFORMS: BuilderPlatform[] = ['linux', 'win', 'mac'];
const ARCHS = ['x64', 'arm64'];
const packedBy = (platform: BuilderPlatform, arch: string) =>
  nativeFiles.filter((f) => kept(f, config.files, NODE_PLATFORM[platform], arch));

describe('electron-builder.yml', () => {
  it('names the app and builds AppImage + deb, NSIS and dmg', () => {
    expect(config.appId).toBe('org.evstation.desktop');
    expect(config.productName).toBe('EV Battery Station');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(existsSync(join(REPO_ROOT, config.deb.afterInstall))).toBe(true);
  });

  it('unpacks every native binary an installer keeps, better-sqlite3, onnxruntime and serialport among them', () => {
    expect(nativeFiles).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(nativeFiles.some((f) => f.startsWith('node_modules/onnxruntime-node/bin/') && f.endsWith('.node'))).toBe(
      true,
    );
    expect(nativeFiles.some((f) => f.startsWith('node_modules/@serialport/bindings-cpp/prebuilds/'))).toBe(true);
    for (const platform of PLATFORMS)
      for (const arch of ARCHS)
        for (const f of packedBy(platform, arch))
          expect(unpacked(f, config.asarUnpack), `${platform}-${arch}: ${f}`).toBe(true);
    // The library onnxruntime's addon loads sits beside it and must be on disk too.
    expect(unpacked('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1', config.asarUnpack)).toBe(
      true,
    );
    expect(unpacked('node_modules/better-sqlite3/lib/index.js', config.asarUnpack)).toBe(false);
  });

  it("keeps only its own OS's and CPU's onnxruntime and serialport binaries in each installer", () => {
    for (const platform of PLATFORMS)
      for (const arch of ARCHS) {
        const os = NODE_PLATFORM[platform];
        const packed = packedBy(platform, arch);
        const ort = packed.filter((f) => f.startsWith('node_modules/onnxruntime-node/bin/'));
        for (const f of ort) expect(f, `${platform}-${arch}`).toMatch(new RegExp(`/bin/napi-v\\d+/${os}/${arch}/`));
        const serial = packed.filter((f) => f.startsWith('node_modules/@serialport/bindings-cpp/prebuilds/'));
        for (const f of serial) expect(f, `${platform}-${arch}`).toMatch(new RegExp(`/prebuilds/${os}-`));
        // What is there for this OS and CPU (onnxruntime ships no macOS x64 build) is kept.
        const available = nativeFiles.filter((f) => f.includes(`/bin/napi-v6/${os}/${arch}/`));
        expect(ort.sort()).toEqual(available.sort());
        expect(serial.length).toBeGreaterThan(0);
      }
    const sqlite = packedBy('linux', 'x64').filter((f) => f.startsWith('node_modules/better-sqlite3/'));
    expect(sqlite).toEqual(['node_modules/better-sqlite3/build/Release/better_sqlite3.node']);
  });

  it('ships the model and its card beside the app, where the core looks in a packaged app', () => {
    const models = config.extraResources.filter((r) => r.to.startsWith('models/'));
    expect(models.map((r) => r.to).sort()).toEqual(['models/risk-model.card.json', 'models/risk-model.onnx']);
    for (const r of models) expect(existsSync(join(REPO_ROOT, r.from)), r.from).toBe(true);
  });

  it('ships a tray icon for every risk level, at 1x and 2x, where the app looks for them', () => {
    const tray = config.extraResources.find((r) => r.to === 'tray')!;
    expect(tray.filter).toEqual(['*.png']);
    for (const level of RISK_LEVELS) {
      const icon = trayIconPath(join(REPO_ROOT, tray.from), level);
      expect(pngSize(readFileSync(icon)), level).toEqual({ width: 32, height: 32 });
      expect(pngSize(readFileSync(icon.replace(/\.png$/, '@2x.png'))), level).toEqual({ width: 64, height: 64 });
    }
  });

  it('sets the fuses: no run-as-node, NODE_OPTIONS or inspect; encrypted cookies; asar only, with integrity', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('rebuilds native addons for Electron in the package', () => {
    expect(config.npmRebuild).toBe(true);
  });
});

describe('icons', () => {
  it('are valid: a PNG set for Linux, an .ico and an .icns', () => {
    for (const s of LINUX_SIZES)
      expect(pngSize(readFileSync(join(REPO_ROOT, config.linux.icon, `${s}x${s}.png`)))).toEqual({
        width: s,
        height: s,
      });
    const ico = readIco(readFileSync(join(REPO_ROOT, config.win.icon)));
    expect(ico.map((i) => i.size)).toEqual([...ICO_SIZES]);
    for (const i of ico) expect(pngSize(i.png)).toEqual({ width: i.size, height: i.size });
    const icns = readIcns(readFileSync(join(REPO_ROOT, config.mac.icon)));
    expect(icns.find((c) => c.type === 'ic10')).toBeDefined();
    expect(pngSize(icns.find((c) => c.type === 'ic10')!.png)).toEqual({ width: 1024, height: 1024 });
  });

  it('are what the SVGs render to (npm run icons after changing one)', () => {
    for (const [path, bytes] of iconOutputs())
      expect(readFileSync(join(REPO_ROOT, path)).equals(bytes), path).toBe(true);
  });
});

describe('npm install without Electron', () => {
  it('runs no install script that would download Electron', () => {
    const electronPkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    for (const hook of ['preinstall', 'install', 'postinstall'])
      expect(electronPkg.scripts?.[hook], hook).toBeUndefined();
    const own = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(own.scripts[hook], hook).toBeUndefined();
  });
});
