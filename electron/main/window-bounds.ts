/**
 * The window's size and position across runs (window-state.json in the data folder). A position is
 * used again only if enough of the window lands on a display that is still there — a laptop undocked
 * from its second screen must not open the station off-screen — otherwise the OS places it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_BOUNDS, MIN_SIZE, type WindowBounds } from './main-window.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindow {
  bounds: WindowBounds;
  maximized: boolean;
}

/** At least this much of the title bar region must be on a display for a position to be kept. */
const VISIBLE = { width: 120, height: 40 };

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** What a saved state gives on the displays of now (work areas); anything unusable gives the defaults. */
export function restoredWindow(saved: unknown, workAreas: readonly Rect[]): SavedWindow {
  const s = saved as { bounds?: Partial<Rect>; maximized?: unknown } | null;
  const b = s?.bounds;
  if (!b || !finite(b.width) || !finite(b.height)) return { bounds: DEFAULT_BOUNDS, maximized: false };
  const largest = workAreas.reduce(
    (m, a) => ({ width: Math.max(m.width, a.width), height: Math.max(m.height, a.height) }),
    {
      width: DEFAULT_BOUNDS.width,
      height: DEFAULT_BOUNDS.height,
    },
  );
  const width = Math.round(Math.min(Math.max(b.width, MIN_SIZE.width), Math.max(largest.width, MIN_SIZE.width)));
  const height = Math.round(Math.min(Math.max(b.height, MIN_SIZE.height), Math.max(largest.height, MIN_SIZE.height)));
  const maximized = s?.maximized === true;
  if (!finite(b.x) || !finite(b.y)) return { bounds: { width, height }, maximized };
  const titleBar = { x: b.x, y: b.y, width, height: VISIBLE.height };
  const onScreen = workAreas.some((a) => {
    const o = overlap(titleBar, a);
    return o.width >= VISIBLE.width && o.height >= VISIBLE.height;
  });
  return onScreen
    ? { bounds: { x: Math.round(b.x), y: Math.round(b.y), width, height }, maximized }
    : { bounds: { width, height }, maximized };
}

export function loadWindowState(file: string, workAreas: readonly Rect[]): SavedWindow {
  try {
    return restoredWindow(JSON.parse(readFileSync(file, 'utf8')), workAreas);
  } catch {
    return restoredWindow(null, workAreas);
  }
}

export function saveWindowState(file: string, state: SavedWindow): void {
  try {
    writeFileSync(file, `${JSON.stringify(state)}\n`);
  } catch {
    // A read-only data folder: the window opens at the default size next time, nothing worse.
  }
}
