/**
 * The real electron-builder packs the built app for Linux on this CPU (`--dir`), around a stand-in
 * Electron (testing/electron/stand-in-electron.ts: the fuse wire without the browser), since Electron
 * cannot be downloaded here. What comes out is what an installer holds: app.asar with the built app,
 * the native binaries unpacked beside it — this OS's and CPU's only —, the model and tray icons as
 * resources, and the fuses flipped in the executable. Native addons are not rebuilt for Electron
 * (that needs Electron's headers): the release workflow does that on each OS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_MAIN, REPO_ROOT, assertBuilt } from '../../renderer/e2e/support/repo-paths.js';
import { makeTempDir, removeDir } from '../../renderer/e2e/support/temp-dirs.js';
import { listAsar } from '../../testing/electron/asar-listing.js';
import { writeStandInElectron } from '../../testing/electron/stand-in-electron.js';
import { filesUnder } from '../../testing/electron/builder-config.js';

const ARCH = process.arch;
const FUSE_ON = 0x31;
const FUSE_OFF = 0x30;

describe.runIf(process.platform === 'linux')('the app packed by electron-builder around a stand-in Electron', () => {
  let root: string;
  let app: string;
  let asarFiles: string[];

  beforeAll(() => {
    assertBuilt(ELECTRON_MAIN);
    root = makeTempDir('station-pack');
    const dist = writeStandInElectron(join(root, 'electron-dist'));
    const r = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/electron-builder/cli.js'),
        '--linux',
        'dir',
        `--${ARCH}`,
        '--publish',
        'never',
        `-c.electronDist=${dist}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${join(root, 'dist')}`,
      ],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
        maxBuffer: 64 << 20,
      },
    );
    if (r.status !== 0) throw new Error(`electron-builder failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    const out = join(root, 'dist', ARCH === 'x64' ? 'linux-unpacked' : `linux-${ARCH}-unpacked`);
    app = out;
    asarFiles = listAsar(join(out, 'resources/app.asar')).map((e) => e.path);
    return () => removeDir(root);
  }, 600_000);

  it('holds the built main, preload and renderer in app.asar, and no tests', () => {
    for (const f of [
      '/out/main/index.js',
      '/out/main/core-host.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ])
      expect(asarFiles, f).toContain(f);
    expect(asarFiles.some((f) => /\.test\./.test(f))).toBe(false);
  });

  it("unpacks better-sqlite3, this OS's onnxruntime and serialport binaries, and nothing of other OSes", () => {
    const names = filesUnder('.', join(app, 'resources/app.asar.unpacked'));
    expect(names).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(names).toContain(`node_modules/onnxruntime-node/bin/napi-v6/linux/${ARCH}/onnxruntime_binding.node`);
    expect(names).toContain(`node_modules/onnxruntime-node/bin/napi-v6/linux/${ARCH}/libonnxruntime.so.1`);
    expect(names.some((f) => f.startsWith(`node_modules/@serialport/bindings-cpp/prebuilds/linux-${ARCH}/`))).toBe(
      true,
    );
    const foreign = [...names, ...asarFiles].filter((f) =>
      /onnxruntime-node\/bin\/napi-v\d+\/(win32|darwin)\/|bindings-cpp\/prebuilds\/(win32|darwin|android)-/.test(f),
    );
    expect(foreign).toEqual([]);
    const otherCpu = names.filter(
      (f) => /onnxruntime-node\/bin\/napi-v\d+\/linux\//.test(f) && !f.includes(`/linux/${ARCH}/`),
    );
    expect(otherCpu).toEqual([]);
    expect(names.some((f) => f.includes('better-sqlite3/deps/'))).toBe(false);
  });

  it('ships the model, its card and the tray icons as resources', () => {
    expect(existsSync(join(app, 'resources/models/risk-model.onnx'))).toBe(true);
    expect(existsSync(join(app, 'resources/models/risk-model.card.json'))).toBe(true);
    const tray = readdirSync(join(app, 'resources/tray'));
    expect(tray).toContain('tray-runaway.png');
    expect(tray).toContain('tray-normal@2x.png');
  });

  it('flipped the fuses in the executable', async () => {
    const exe = readdirSync(app).find((f) => f === 'ev-battery-station')!;
    expect(exe).toBeDefined();
    const wire = await getCurrentFuseWire(join(app, exe));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FUSE_OFF);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FUSE_OFF);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FUSE_OFF);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FUSE_OFF);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FUSE_ON);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FUSE_ON);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FUSE_ON);
  });
});
