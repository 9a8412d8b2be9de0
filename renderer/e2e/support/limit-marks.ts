/**
 * Values marked past their cells' limits as the end-to-end suites read them: each table row's
 * temperature and voltage with its level and computed style, the limits the station reports for its
 * devices, and the checks that a marked value looks unlike a calm one.
 */
import type { Locator, Page } from 'playwright';
import { expect } from 'vitest';
import type { CellLimits } from '../../../native-bridge/contract/index.js';

export interface MarkedValue {
  level: string;
  /** The first number printed (the arrow and the words for screen readers stripped). */
  value: number;
  title: string;
  background: string;
  color: string;
  fontWeight: string;
}

export interface MarkedRow {
  deviceId: string;
  cell: number;
  temp: MarkedValue;
  volt: MarkedValue;
}

/** The little of the DOM readMarks touches (this project's Node types have no DOM library). */
interface DomElement {
  textContent: string | null;
  firstChild: { textContent: string | null } | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  ownerDocument: {
    defaultView: {
      getComputedStyle(e: DomElement): { backgroundColor: string; color: string; fontWeight: string };
    } | null;
  };
}

interface ReadElement {
  /** The first text of each table cell inside (a badge after it left out). */
  cellTexts: string[];
  /** One per selector asked for (null: the element itself). */
  marks: MarkedValue[];
}

/** Reads elements in one go, so a render cannot fall between two reads: runs in the browser, self-contained. */
function readMarks(els: DomElement[], inners: (string | null)[]): ReadElement[] {
  return els.map((el) => ({
    cellTexts: Array.from(el.querySelectorAll('td'), (td) => (td.firstChild?.textContent ?? '').trim()),
    marks: inners.map((inner) => {
      const e = inner === null ? el : el.querySelector(inner);
      const s = e?.ownerDocument.defaultView?.getComputedStyle(e) ?? null;
      const m = /-?\d+(?:\.\d+)?/.exec(e?.textContent ?? '');
      return {
        level: e?.getAttribute('data-level') ?? '',
        value: m ? Number(m[0]) : Number.NaN,
        title: e?.getAttribute('title') ?? '',
        background: s?.backgroundColor ?? '',
        color: s?.color ?? '',
        fontWeight: s?.fontWeight ?? '',
      };
    }),
  }));
}

/** Every row of the readings table. */
export async function readingRows(page: Page): Promise<MarkedRow[]> {
  const rows = await page
    .getByTestId('reading-row')
    .evaluateAll(readMarks, ['[data-testid="reading-temp"]', '[data-testid="reading-volt"]']);
  return rows.map((r) => ({
    deviceId: r.cellTexts[1] ?? '',
    cell: Number(r.cellTexts[2]),
    temp: r.marks[0]!,
    volt: r.marks[1]!,
  }));
}

/**
 * The table's rows once their styles are computed. It failed once in CI with every computed colour ''
 * (what Chromium answers for an element no longer in the document): a row replaced by a render during
 * the read. Read again until the styles are there, a few seconds at most.
 */
export async function settledRows(page: Page): Promise<MarkedRow[]> {
  for (let tries = 1; ; tries++) {
    const rows = await readingRows(page);
    const styled = rows.length > 0 && rows.every((r) => r.temp.background !== '' && r.volt.background !== '');
    if (styled || tries >= 20) return rows;
    await page.waitForTimeout(250);
  }
}

export async function markOf(locator: Locator): Promise<MarkedValue> {
  const [m] = await locator.evaluateAll(readMarks, [null]);
  expect(m).toBeDefined();
  return m!.marks[0]!;
}

/** Once paused, waits out a pull still in flight: the tab's "Updated" time stays put for `quietMs`. */
export async function waitForQuiet(page: Page, quietMs = 1500): Promise<void> {
  const updated = page.getByTestId('last-updated');
  for (;;) {
    const before = await updated.textContent();
    await page.waitForTimeout(quietMs);
    if ((await updated.textContent()) === before) return;
  }
}

/** The limits the station reports for its one device (api/status): what the UI must have judged by. */
export async function stationLimits(url: string): Promise<CellLimits> {
  const body = (await (await fetch(new URL('api/status', url))).json()) as { devices: { limits?: CellLimits }[] };
  const limits = body.devices[0]?.limits;
  expect(limits).toBeDefined();
  return limits!;
}

/**
 * A value past a limit must differ from a calm one in colour (its chip: on a tile the text of both may
 * be the tile's white) and, for those who cannot see colour, in weight and words.
 */
export function expectLooksUnlike(marked: MarkedValue, calm: MarkedValue): void {
  expect(marked.background).not.toBe(calm.background);
  expect(Number(marked.fontWeight)).toBeGreaterThan(Number(calm.fontWeight));
  expect(marked.title).toMatch(/(above|below) the /);
  expect(calm.title).toBe('');
}
