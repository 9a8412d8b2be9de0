/**
 * electron-builder.yml as the packaging tests read it, and electron-builder's way of applying `files`
 * patterns (minimatch over paths relative to the app, `!` excluding, later patterns winning) with its
 * `${arch}` macro, so a test can say which files of node_modules an installer for an OS and a CPU keeps.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import yaml from 'js-yaml';
import { minimatch } from 'minimatch';
import { REPO_ROOT } from '../prerequisites.js';

export interface FileSet {
  from: string;
  to: string;
  filter?: string[];
}

export interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  extraResources: FileSet[];
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  deb: { afterInstall: string };
}

export type BuilderPlatform = 'linux' | 'win' | 'mac';
export const NODE_PLATFORM: Record<BuilderPlatform, NodeJS.Platform> = { linux: 'linux', win: 'win32', mac: 'darwin' };

export function builderConfig(): BuilderConfig {
  return yaml.load(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

/** Every file under `dir` (relative to `base`, forward slashes). */
export function filesUnder(dir: string, base = REPO_ROOT): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(base, p).split(sep).join('/'));
    }
  };
  walk(join(base, dir));
  return out;
}

/**
 * Whether `file` survives the patterns, read in order as electron-builder does (the last match
 * decides), with its `${platform}` (Node's name of the OS) and `${arch}` macros.
 */
export function kept(file: string, patterns: readonly string[], platform: NodeJS.Platform, arch: string): boolean {
  let keep = true;
  for (const raw of patterns) {
    const p = raw.replaceAll('${platform}', platform).replaceAll('${arch}', arch);
    const negated = p.startsWith('!');
    const glob = negated ? p.slice(1) : p;
    if (minimatch(file, glob, { dot: true })) keep = !negated;
  }
  return keep;
}

/** Whether one of the asarUnpack patterns takes `file` out of the asar. */
export function unpacked(file: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => minimatch(file, p, { dot: true, matchBase: !p.includes('/') }));
}
