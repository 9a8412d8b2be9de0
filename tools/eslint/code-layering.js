/**
 * Lint rule `local/code-layering`: every import of a product file must be allowed by the layer table
 * in layers.js, the way VS Code's `code-layering` rule works — a whitelist, so a new folder or a new
 * package is refused until the table says who may use it.
 *
 * Product files may not import tests, test support (`testing/`, `fixtures/`), benches or tools. Tests
 * may import any layer and any test support, since they are not shipped; nothing shipped imports them.
 */
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NATIVE_BRIDGE_LAYERS, SHELL_ZONES, TOOL_FOLDERS } from './layers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILTINS = new Set(builtinModules);
const LAYERS = new Map(NATIVE_BRIDGE_LAYERS.map((l) => [l.folder, l]));

const posix = (p) => p.split(sep).join('/');

function isTestPath(rel) {
  return (
    /\.(test|e2e)\.[cm]?[jt]sx?$/.test(rel) ||
    /(^|\/)(e2e|testing|fixtures)\//.test(rel) ||
    TOOL_FOLDERS.some((f) => rel.startsWith(f))
  );
}

/** Which room of the house a repository path is in. */
function zoneOf(rel) {
  const nb = /^native-bridge\/([^/]+)\//.exec(rel);
  if (nb) return { kind: 'layer', name: nb[1] };
  for (const z of SHELL_ZONES) if (rel.startsWith(z.prefix)) return { kind: 'shell', name: z.zone, spec: z };
  return { kind: 'other', name: rel.split('/')[0] };
}

function packageName(spec) {
  if (spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0])) return 'node:';
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function packageAllowed(spec, allowed) {
  const name = packageName(spec);
  return allowed.some((a) => {
    if (a === name) return true;
    if (a.endsWith('/*')) {
      const scope = a.slice(0, -2);
      return name.startsWith(`${scope}/`) || spec.startsWith(`${scope}/`);
    }
    return spec === a;
  });
}

/** The reason an import is refused, or null when the table allows it. */
export function refusal(fromRel, spec) {
  if (isTestPath(fromRel)) return null;
  const from = zoneOf(fromRel);
  if (from.kind === 'other') return null;
  const rule = from.kind === 'layer' ? LAYERS.get(from.name) : from.spec;
  const label = from.kind === 'layer' ? `native-bridge/${from.name}` : from.spec.prefix.replace(/\/$/, '');
  if (!rule)
    return `native-bridge/${from.name} is not in the layer table (tools/eslint/layers.js): add it there and to native-bridge/README.md.`;

  if (!spec.startsWith('.')) {
    if (packageAllowed(spec, rule.packages)) return null;
    const what = packageName(spec) === 'node:' ? `Node's built-in '${spec}'` : `the package '${spec}'`;
    return `${label} may not import ${what} (allowed: ${rule.packages.join(', ') || 'none'}).`;
  }

  const targetRel = posix(relative(ROOT, resolve(ROOT, dirname(fromRel), spec)));
  if (isTestPath(targetRel))
    return `${label} is product code: it may not import tests, test support, benches or tools (${targetRel}).`;
  const to = zoneOf(targetRel);
  if (to.kind === from.kind && to.name === from.name) return null;
  if (from.kind === 'layer') {
    if (to.kind === 'layer' && rule.imports.includes(to.name)) return null;
    const allowed = rule.imports.length ? rule.imports.join(', ') : 'nothing of the station';
    return `${label} may not import ${to.kind === 'layer' ? `native-bridge/${to.name}` : to.name} (allowed: ${allowed}; see native-bridge/README.md).`;
  }
  if (to.kind === 'layer' && rule.nativeBridge.includes(to.name)) return null;
  return `${label} may import only ${rule.nativeBridge.map((n) => `native-bridge/${n}`).join(', ')} of the station, not ${to.kind === 'layer' ? `native-bridge/${to.name}` : to.name}.`;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layer table of native-bridge/README.md (a whitelist).' },
    schema: [],
  },
  create(context) {
    const fromRel = posix(relative(ROOT, context.filename));
    if (fromRel.startsWith('..')) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const why = refusal(fromRel, spec);
      if (why) context.report({ node, message: why });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const lit = node.argument?.literal ?? node.argument;
        if (lit && lit.type === 'Literal') check(node, lit.value);
      },
    };
  },
};
