/**
 * docs/SYNC.md's example queries, run as written: the mongosh code blocks are taken from the doc
 * itself and evaluated with a `db` shaped like mongosh's (collections, aggregate, find, findOne,
 * forEach, print), so a renamed field or a wrong unit in the doc fails a test instead of an analyst.
 *
 * mongosh is synchronous and the driver is not, so the shell answers from the documents the server
 * holds (fetched first) with mingo, MongoDB's query language in JavaScript; every call is then sent to
 * the server as well. A server that answers must agree with mingo; FerretDB 1.24 implements none of
 * `$max`, `$cond`, `$dateTrunc`, `$dateToString`, so there it refuses those aggregations ("not
 * implemented", code 238) and only mingo's answer is checked (MONGO_TEST_URI runs them on MongoDB).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregate, find } from 'mingo';
import type { Db, Document } from 'mongodb';

const SYNC_DOC = join(import.meta.dirname, '../../docs/SYNC.md');

export interface DocQuery {
  /** The paragraph just above the block: what the query is for. */
  title: string;
  code: string;
}

/** The ```js blocks under "## Example queries", in the doc's order. */
export function docQueries(markdown = readFileSync(SYNC_DOC, 'utf8')): DocQuery[] {
  const section = /^## Example queries[^\n]*\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1] ?? '';
  const out: DocQuery[] = [];
  const block = /([^\n]+)\n+```js\n([\s\S]*?)```/g;
  for (let m = block.exec(section); m; m = block.exec(section)) out.push({ title: m[1]!.trim(), code: m[2]! });
  return out;
}

type Call =
  | { collection: string; op: 'aggregate'; pipeline: Document[]; result: Document[] }
  | { collection: string; op: 'find'; filter: Document; projection?: Document; result: Document[] }
  | { collection: string; op: 'findOne'; filter: Document; projection?: Document; sort?: Document; result: Document[] };

export interface ShellRun {
  /** Every call the block made, in order, with the shell's answer. */
  calls: Call[];
  printed: unknown[][];
}

/** A cursor as mongosh's: iterable, forEach, toArray. */
function cursor(docs: Document[]) {
  return Object.assign([...docs], { toArray: () => [...docs] });
}

/** Evaluates one doc block against `data` (collection name → its documents). */
export function runInShell(code: string, data: Record<string, Document[]>): ShellRun {
  const calls: Call[] = [];
  const printed: unknown[][] = [];
  const collection = (name: string) => {
    const docs = data[name] ?? [];
    return {
      aggregate(pipeline: Document[]) {
        const result = aggregate(docs, pipeline) as Document[];
        calls.push({ collection: name, op: 'aggregate', pipeline, result });
        return cursor(result);
      },
      find(filter: Document = {}, projection?: Document) {
        const result = find(docs, filter, projection).all() as Document[];
        calls.push({ collection: name, op: 'find', filter, ...(projection ? { projection } : {}), result });
        return cursor(result);
      },
      findOne(filter: Document = {}, projection?: Document, options: { sort?: Document } = {}) {
        const c = find(docs, filter, projection);
        const result = (options.sort ? c.sort(options.sort as Record<string, 1 | -1>) : c).limit(1).all() as Document[];
        calls.push({
          collection: name,
          op: 'findOne',
          filter,
          ...(projection ? { projection } : {}),
          ...(options.sort ? { sort: options.sort } : {}),
          result,
        });
        return result[0] ?? null;
      },
    };
  };
  const db = new Proxy({}, { get: (_t, name) => collection(String(name)) });
  const print = (...args: unknown[]) => void printed.push(args);
  // The doc's code, as mongosh would run it; written by us, read from our own repository.
  new Function('db', 'print', code)(db, print);
  return { calls, printed };
}

export interface ServerCheck {
  /** Calls the server answered, and agreed with the shell on. */
  agreed: number;
  /** Calls the server refused as not implemented (FerretDB). */
  notImplemented: string[];
  /** Calls whose answers differ, or that failed otherwise. */
  problems: string[];
}

/** Sends every call of a run to the server and compares its answer with the shell's. */
export async function checkOnServer(db: Db, run: ShellRun): Promise<ServerCheck> {
  const out: ServerCheck = { agreed: 0, notImplemented: [], problems: [] };
  for (const c of run.calls) {
    const coll = db.collection(c.collection);
    let got: Document[];
    try {
      if (c.op === 'aggregate') got = await coll.aggregate(c.pipeline).toArray();
      else {
        const q = coll.find(c.filter, c.projection ? { projection: c.projection } : {});
        if (c.op === 'findOne') got = await (c.sort ? q.sort(c.sort) : q).limit(1).toArray();
        else got = await q.toArray();
      }
    } catch (e) {
      const err = e as { code?: number; message: string };
      if (err.code === 238) out.notImplemented.push(`${c.collection}.${c.op}: ${err.message}`);
      else out.problems.push(`${c.collection}.${c.op} failed: ${err.message}`);
      continue;
    }
    const same = JSON.stringify(sortedKeys(got)) === JSON.stringify(sortedKeys(c.result));
    if (same) out.agreed++;
    else out.problems.push(`${c.collection}.${c.op}: the server answered ${JSON.stringify(got).slice(0, 300)}`);
  }
  return out;
}

/** The server and mingo may order an object's keys differently; values must be the same. */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v instanceof Date || v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, x]) => [k, sortedKeys(x)]),
  );
}
