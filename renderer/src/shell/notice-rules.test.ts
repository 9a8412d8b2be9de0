import { describe, expect, it } from 'vitest';
import type { Notice } from '../../../native-bridge/contract/index.js';
import { mergeNotices, noticeHeadline, standingProblems } from './notice-rules.js';

const n = (id: number, level: Notice['level'], code: string, message = code): Notice => ({
  id,
  tMs: 1000 + id,
  level,
  code,
  message,
});

describe('noticeHeadline', () => {
  it('says what a store failure means for the data', () => {
    expect(noticeHeadline({ code: 'store.readonly', level: 'error' })).toBe('Database read-only: live data NOT stored');
    expect(noticeHeadline({ code: 'store.failed', level: 'error' })).toBe('Database error: live data NOT stored');
    expect(noticeHeadline({ code: 'store.disk-full', level: 'error' })).toMatch(/NOT stored/);
    expect(noticeHeadline({ code: 'store.something-new', level: 'error' })).toMatch(/NOT be stored/);
  });
  it('names device problems and falls back to the level', () => {
    expect(noticeHeadline({ code: 'source.start-failed', level: 'error' })).toMatch(/^Device problem/);
    expect(noticeHeadline({ code: 'x.y', level: 'warning' })).toBe('Warning');
    expect(noticeHeadline({ code: 'x', level: 'error' })).toBe('Error');
  });
});

describe('standingProblems', () => {
  it('keeps errors and warnings, newest first, and never info', () => {
    const list = [n(1, 'info', 'store.opened'), n(2, 'error', 'store.readonly'), n(3, 'warning', 'source.slow')];
    expect(standingProblems(list).map((x) => x.id)).toEqual([3, 2]);
  });
  it('drops problems cleared by a later recovery of the same family', () => {
    const list = [n(1, 'error', 'store.disk-full'), n(2, 'warning', 'source.gap'), n(3, 'info', 'store.recovered')];
    expect(standingProblems(list).map((x) => x.id)).toEqual([2]);
  });
  it('keeps a problem that came back after a recovery', () => {
    const list = [n(1, 'error', 'store.disk-full'), n(2, 'info', 'store.recovered'), n(3, 'error', 'store.disk-full')];
    expect(standingProblems(list).map((x) => x.id)).toEqual([3]);
  });
  it('hides what the operator dismissed', () => {
    const list = [n(1, 'error', 'store.readonly'), n(2, 'error', 'source.start-failed')];
    expect(standingProblems(list, new Set([1])).map((x) => x.id)).toEqual([2]);
  });
  it('does not depend on the input order', () => {
    const list = [n(3, 'info', 'store.recovered'), n(1, 'error', 'store.failed')];
    expect(standingProblems(list)).toEqual([]);
  });
});

describe('mergeNotices', () => {
  it('adds pushed notices newer than the fetched list, without duplicates', () => {
    const merged = mergeNotices([n(1, 'info', 'a'), n(2, 'error', 'b')], [n(2, 'error', 'b'), n(3, 'warning', 'c')]);
    expect(merged.map((x) => x.id)).toEqual([1, 2, 3]);
  });
  it('lets the fetched list win after a station restart reused the ids', () => {
    const merged = mergeNotices([n(1, 'info', 'fresh')], [n(1, 'error', 'old'), n(5, 'error', 'old-too')]);
    expect(merged.map((x) => x.code)).toEqual(['fresh', 'old-too']);
  });
});
