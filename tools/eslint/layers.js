/**
 * The layer table of the station, as data: which folder may import which, and which packages each may
 * use. `code-layering.js` enforces it as a whitelist (what is not listed is refused, inner layers
 * included), and `layering.test.ts` checks that native-bridge/README.md shows the same table.
 *
 * A package name ending in `/*` allows every package of that scope; `node:` allows Node's built-ins.
 */

/** native-bridge/<folder>: the station core, bottom layer first. */
export const NATIVE_BRIDGE_LAYERS = [
  { folder: 'contract', layer: 1, imports: [], packages: ['zod'] },
  { folder: 'protocol', layer: 1, imports: [], packages: [] },
  { folder: 'sim', layer: 2, imports: ['protocol'], packages: [] },
  { folder: 'store', layer: 3, imports: ['contract', 'protocol'], packages: ['node:', 'better-sqlite3'] },
  { folder: 'safety', layer: 3, imports: ['contract', 'protocol'], packages: [] },
  { folder: 'features', layer: 3, imports: ['contract', 'protocol'], packages: [] },
  {
    folder: 'ml',
    layer: 4,
    imports: ['contract', 'protocol', 'features', 'safety'],
    packages: ['node:', 'onnxruntime-node'],
  },
  {
    folder: 'devices',
    layer: 4,
    imports: ['contract', 'protocol', 'sim', 'store', 'safety', 'features'],
    packages: ['node:', 'zod', 'serialport', '@serialport/*'],
  },
  {
    folder: 'history',
    layer: 5,
    imports: ['contract', 'protocol', 'sim', 'store', 'safety', 'features', 'ml', 'devices'],
    packages: ['node:', 'zod', 'csv-parse', 'csv-parse/*'],
  },
  { folder: 'sync', layer: 5, imports: ['contract', 'protocol', 'store'], packages: ['node:', 'zod', 'mongodb'] },
  {
    folder: 'station',
    layer: 6,
    imports: ['contract', 'protocol', 'sim', 'store', 'safety', 'features', 'ml', 'devices', 'history', 'sync'],
    packages: ['node:', 'zod'],
  },
  {
    folder: 'server',
    layer: 7,
    imports: ['contract', 'protocol', 'store', 'devices', 'history', 'ml', 'station'],
    packages: ['node:', 'zod', 'ws', 'send'],
  },
];

/** Code outside native-bridge that ships in the product, and what of the station it may reach. */
export const SHELL_ZONES = [
  {
    zone: 'renderer',
    prefix: 'renderer/src/',
    nativeBridge: ['contract'],
    packages: ['react', 'react-dom', 'react-dom/*', 'react/*', 'chart.js', 'chart.js/*', 'zod'],
  },
  {
    zone: 'electron',
    prefix: 'electron/',
    nativeBridge: ['contract', 'station', 'server'],
    packages: ['node:', 'electron'],
  },
];

/** Not product: may import any layer, and no product file may import them. */
export const TOOL_FOLDERS = ['bench/', 'tools/', 'testing/'];
