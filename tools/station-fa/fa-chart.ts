/**
 * The served false-alarm rates as a small SVG drawn by hand: per scenario (and all), the shown and the
 * book-counted rate per 1000 cell-h with its 95 % interval as a whisker, on a log(1 + x) axis (calm
 * scenarios sit near 0, abuse runs that stopped short in the thousands), the ≤ 1 target as a line.
 */
import type { ScenarioRates } from './fa-summary.js';

const W = 760;
const ROW = 34;
const LEFT = 150;
const RIGHT = 30;
const TOP = 40;
const TICKS = [0, 1, 10, 100, 1000, 10000];
const COLOURS = { shown: '#c0392b', book: '#2874a6' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function falseAlarmChartSvg(title: string, rows: [string, ScenarioRates][]): string {
  const maxRate = Math.max(
    10,
    ...rows.flatMap(([, r]) => [r.shown, r.book].map((x) => x.ci95?.[1] ?? x.perThousandCellHours ?? 0)),
  );
  const top = Math.log10(1 + maxRate);
  const x = (v: number) => LEFT + ((W - LEFT - RIGHT) * Math.log10(1 + Math.max(0, v))) / top;
  const H = TOP + rows.length * ROW + 50;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`,
  ];
  const bottom = TOP + rows.length * ROW;
  for (const t of TICKS.filter((t) => t <= maxRate * 1.001)) {
    out.push(`<line x1="${x(t)}" y1="${TOP}" x2="${x(t)}" y2="${bottom}" stroke="#ddd"/>`);
    out.push(`<text x="${x(t)}" y="${bottom + 15}" text-anchor="middle">${t}</text>`);
  }
  out.push(`<line x1="${x(1)}" y1="${TOP}" x2="${x(1)}" y2="${bottom}" stroke="#27ae60" stroke-dasharray="4 3"/>`);
  out.push(
    `<text x="${W / 2}" y="${bottom + 32}" text-anchor="middle">Warning+ episodes per 1000 cell-h (log 1 + x; dashed: the ≤ 1 target)</text>`,
  );
  rows.forEach(([name, r], i) => {
    const y = TOP + i * ROW;
    out.push(`<text x="${LEFT - 8}" y="${y + ROW / 2 + 4}" text-anchor="end">${esc(name)}</text>`);
    (['shown', 'book'] as const).forEach((k, j) => {
      const rate = r[k];
      const by = y + 6 + j * 11;
      if (rate.perThousandCellHours === null) {
        if (j === 0)
          out.push(`<text x="${LEFT + 4}" y="${by + 13}" fill="#666">no cell-hours: every cell ran away</text>`);
        return;
      }
      const v = rate.perThousandCellHours;
      out.push(`<rect x="${LEFT}" y="${by}" width="${x(v) - LEFT}" height="9" fill="${COLOURS[k]}"/>`);
      if (rate.ci95) {
        const [lo, hi] = rate.ci95;
        out.push(`<line x1="${x(lo)}" y1="${by + 4.5}" x2="${x(hi)}" y2="${by + 4.5}" stroke="#000"/>`);
        for (const e of [lo, hi]) out.push(`<line x1="${x(e)}" y1="${by + 1}" x2="${x(e)}" y2="${by + 8}" stroke="#000"/>`); // prettier-ignore
      }
    });
  });
  out.push(`<rect x="${W - 170}" y="${TOP - 14}" width="9" height="9" fill="${COLOURS.shown}"/>`);
  out.push(`<text x="${W - 157}" y="${TOP - 6}">shown</text>`);
  out.push(`<rect x="${W - 110}" y="${TOP - 14}" width="9" height="9" fill="${COLOURS.book}"/>`);
  out.push(`<text x="${W - 97}" y="${TOP - 6}">alarm book</text>`);
  out.push('</svg>', '');
  return out.join('\n');
}
