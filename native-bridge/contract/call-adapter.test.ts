/** The one call adapter: what it refuses, how it reports a failing handler, and result validation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCallAdapter, type MethodHandlers } from './call-adapter.js';
import { EncodedJson, encodeJson } from './encoded-json.js';
import type { ResultEnvelope } from './envelope.js';
import { eventProblem, schemaProblem } from './schema-check.js';
import { statsSchema } from './domain.js';

const stats = {
  totalRecords: 3,
  avgTempC: 25,
  avgHumidityPct: 40,
  minCellV: 3.6,
  maxCellV: 3.7,
  packCurrentA: 1.5,
  lastReadingMs: 1,
};

/** A table with only the handlers a test needs; calling any other is a test bug and fails loudly. */
function handlers(partial: Partial<MethodHandlers>): MethodHandlers {
  return new Proxy(partial, {
    get: (t, m: string) => t[m as keyof MethodHandlers] ?? (() => Promise.reject(new Error(`unexpected ${m}`))),
  }) as MethodHandlers;
}

const errorOf = (r: ResultEnvelope) => {
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.result)}`);
  return r.error;
};

describe('createCallAdapter', () => {
  it('answers unknown-method for names outside the contract, without quoting them', async () => {
    const call = createCallAdapter(handlers({}));
    for (const name of ['dropTables', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 42, null, undefined]) {
      const e = errorOf(await call(name, {}));
      expect(e.code).toBe('unknown-method');
      expect(e.message).not.toContain(String(name));
    }
  });

  it('answers bad-params naming the field, and never reaches the handler', async () => {
    let reached = 0;
    const call = createCallAdapter(
      handlers({
        getLatestReadings: () => {
          reached++;
          return [];
        },
      }),
    );
    const negative = errorOf(await call('getLatestReadings', { limit: -5 }));
    expect(negative.code).toBe('bad-params');
    expect(negative.message).toMatch(/^getLatestReadings: limit: /);
    expect(errorOf(await call('getLatestReadings', { limit: 5, extra: 1 })).code).toBe('bad-params');
    expect(errorOf(await call('getLatestReadings', 'limit=5')).code).toBe('bad-params');
    expect(reached).toBe(0);
  });

  it('never echoes what the caller sent in a bad-params message (keys, values, nested)', async () => {
    const call = createCallAdapter(handlers({}));
    // 16+ random characters cannot occur in the schemas' own words by chance.
    const token = fc.stringMatching(/^[a-z0-9]{16,40}$/);
    await fc.assert(
      fc.asyncProperty(token, fc.integer({ min: 0, max: 5 }), async (t, shape) => {
        const cases: [string, unknown][] = [
          ['getStatus', { [t]: t }],
          ['getLatestReadings', { limit: t }],
          ['connectSim', { scenario: `${t}!` }],
          ['sendDeviceCommand', { spec: 'sim', command: { name: t } }],
          ['startSession', { deviceId: t.repeat(5), [`${t}2`]: 1 }],
          ['getHistorySeries', { sessionId: 1, cells: [t], quantities: [t] }],
        ];
        const [method, params] = cases[shape]!;
        const e = errorOf(await call(method, params));
        expect(e.code).toBe('bad-params');
        expect(e.message).not.toContain(t);
      }),
      { numRuns: 300 },
    );
  });

  it('hands the handler parsed params, with the defaults filled in', async () => {
    const got: unknown[] = [];
    const call = createCallAdapter(
      handlers({
        getLatestReadings: (p) => {
          got.push(p);
          return [];
        },
      }),
    );
    await call('getLatestReadings', undefined);
    await call('getLatestReadings', { limit: 7 });
    expect(got).toEqual([{ limit: 100 }, { limit: 7 }]);
  });

  it('keeps a domain code of a failing handler, answers failed for any other, and never throws', async () => {
    const coded = (code: unknown, message = 'boom') => Object.assign(new Error(message), { code });
    const cases: [() => unknown, string, string][] = [
      [
        () => {
          throw coded('session.not-found', 'Session 9 does not exist.');
        },
        'session.not-found',
        'Session 9 does not exist.',
      ],
      [() => Promise.reject(coded('store.unavailable', 'No database.')), 'store.unavailable', 'No database.'],
      [() => Promise.reject(coded('ENOENT', 'no such file')), 'failed', 'no such file'],
      [() => Promise.reject(coded(42)), 'failed', 'boom'],
      [
        () => {
          throw 'a bare string';
        },
        'failed',
        'The call failed.',
      ],
      [() => Promise.reject(null), 'failed', 'The call failed.'],
    ];
    for (const [handler, code, message] of cases) {
      const call = createCallAdapter(handlers({ getStats: handler as MethodHandlers['getStats'] }));
      expect(errorOf(await call('getStats', {}))).toEqual({ code, message });
    }
  });

  it("bounds a handler's message", async () => {
    const call = createCallAdapter(
      handlers({
        getStats: () => {
          throw new Error('x'.repeat(50_000));
        },
      }),
    );
    expect(errorOf(await call('getStats', {})).message).toHaveLength(1000);
  });

  it('with results validated, answers bad-result for a result outside its schema or with a field it lacks', async () => {
    const answer: { v: unknown } = { v: stats };
    const table = handlers({ getStats: () => answer.v as typeof stats });
    const checked = createCallAdapter(table, { validateResults: true });
    const unchecked = createCallAdapter(table);
    expect(await checked('getStats', {})).toEqual({ ok: true, result: stats });

    answer.v = { ...stats, totalRecords: 'three' };
    const mistyped = errorOf(await checked('getStats', {}));
    expect(mistyped.code).toBe('bad-result');
    expect(mistyped.message).toMatch(/^getStats: totalRecords: /);

    answer.v = { ...stats, extra: true };
    expect(errorOf(await checked('getStats', {}))).toEqual({
      code: 'bad-result',
      message: 'getStats: result.extra: not in the schema',
    });

    answer.v = { ...stats, avgTempC: Number.NaN };
    expect(errorOf(await checked('getStats', {})).code).toBe('bad-result');
    // Off (the default in production), the same answers pass as they are.
    expect(await unchecked('getStats', {})).toEqual({ ok: true, result: answer.v });
  });
});

describe('createCallAdapter with encoders', () => {
  it('answers an encoded method with its bytes after the same params check, and checks them when asked', async () => {
    const asked: unknown[] = [];
    const body = { v: stats as unknown };
    const encoders = {
      getStats: (p: unknown) => {
        asked.push(p);
        return Promise.resolve(encodeJson(body.v));
      },
    };
    const table = handlers({});
    const call = createCallAdapter(table, { encoders });
    const r = await call('getStats', {});
    expect(r.ok && r.result instanceof EncodedJson && r.result.decode()).toEqual(stats);
    expect(errorOf(await call('getStats', { extra: 1 })).code).toBe('bad-params');
    expect(asked).toEqual([{}]);
    // Without encoders the object comes from the handler table.
    expect(errorOf(await createCallAdapter(table)('getStats', {})).message).toBe('unexpected getStats');

    body.v = { ...stats, totalRecords: 'three' };
    const checked = createCallAdapter(table, { encoders, validateResults: true });
    expect(errorOf(await checked('getStats', {})).code).toBe('bad-result');
  });
});

describe('schemaProblem and eventProblem', () => {
  it('finds a field the schema lacks however deep it sits, and passes what matches', () => {
    expect(schemaProblem(statsSchema, stats)).toBeNull();
    const notice = { id: 1, tMs: 1, level: 'info', code: 'store.opened', message: 'ok' };
    expect(eventProblem('onNotice', notice)).toBeNull();
    expect(eventProblem('onNotice', { ...notice, extra: 1 })).toBe('onNotice.extra: not in the schema');
    expect(eventProblem('onDeviceLinks', [{}])).toMatch(/^0\.spec: /);
    expect(eventProblem('onSomethingElse', {})).toBe('onSomethingElse: not an event of the contract');
  });
});
