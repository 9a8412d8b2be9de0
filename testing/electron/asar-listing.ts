/**
 * The file list of an app.asar, read from its header: a Chromium pickle (uint32 size 4, uint32 header
 * size), then a pickle holding the JSON tree of files. Enough to see what a package holds without
 * the asar tool (a dependency of electron-builder, not of this project).
 */
import { closeSync, openSync, readSync } from 'node:fs';

interface AsarNode {
  files?: Record<string, AsarNode>;
  unpacked?: boolean;
}

export interface AsarEntry {
  path: string;
  /** Stored in app.asar.unpacked beside the archive rather than inside it. */
  unpacked: boolean;
}

export function listAsar(file: string): AsarEntry[] {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    const jsonLength = head.readUInt32LE(12);
    const json = Buffer.alloc(jsonLength);
    readSync(fd, json, 0, jsonLength, 16);
    const out: AsarEntry[] = [];
    const walk = (node: AsarNode, prefix: string) => {
      for (const [name, child] of Object.entries(node.files ?? {})) {
        const path = `${prefix}/${name}`;
        if (child.files) walk(child, path);
        else out.push({ path, unpacked: child.unpacked === true });
      }
    };
    walk(JSON.parse(json.toString('utf8')) as AsarNode, '');
    return out;
  } finally {
    closeSync(fd);
  }
}
