/** The window comes back where it was, unless that place is no longer on any display. */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testCleanups } from '../../testing/test-cleanups.js';
import { loadWindowState, restoredWindow, saveWindowState } from './window-bounds.js';

const cleanups = testCleanups();
const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const external = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('restoredWindow', () => {
  it('keeps a position that is on a display', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1500, height: 900 }, maximized: true };
    expect(restoredWindow(saved, [laptop, external])).toEqual(saved);
  });

  it('drops a position on a display that is gone, keeping the size', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1500, height: 900 }, maximized: false };
    expect(restoredWindow(saved, [laptop])).toEqual({ bounds: { width: 1500, height: 900 }, maximized: false });
    const barelyOn = { bounds: { x: 1900, y: 10, width: 1300, height: 800 }, maximized: false };
    expect(restoredWindow(barelyOn, [laptop]).bounds.x).toBeUndefined();
    const titleAbove = { bounds: { x: 100, y: -700, width: 1300, height: 800 }, maximized: false };
    expect(restoredWindow(titleAbove, [laptop]).bounds.x).toBeUndefined();
  });

  it('clamps the size to the minimum and to the largest display', () => {
    expect(restoredWindow({ bounds: { width: 300, height: 200 } }, [laptop]).bounds).toEqual({
      width: 1024,
      height: 640,
    });
    expect(restoredWindow({ bounds: { width: 9000, height: 9000 } }, [laptop]).bounds).toEqual({
      width: 1920,
      height: 1050,
    });
  });

  it('falls back to the default for anything unusable', () => {
    for (const junk of [null, 'x', { bounds: { width: 'wide' } }, { bounds: { width: NaN, height: 1 } }, {}])
      expect(restoredWindow(junk, [laptop])).toEqual({ bounds: { width: 1280, height: 820 }, maximized: false });
  });
});

describe('loadWindowState / saveWindowState', () => {
  it('round-trips through the file, and survives a corrupt or missing one', () => {
    const file = join(cleanups.tempDir('bounds-'), 'window-state.json');
    expect(loadWindowState(file, [laptop]).bounds).toEqual({ width: 1280, height: 820 });
    const state = { bounds: { x: 40, y: 30, width: 1400, height: 900 }, maximized: false };
    saveWindowState(file, state);
    expect(loadWindowState(file, [laptop])).toEqual(state);
    writeFileSync(file, '{"bounds": {');
    expect(loadWindowState(file, [laptop]).bounds).toEqual({ width: 1280, height: 820 });
    saveWindowState(join(file, 'not-a-dir', 'x.json'), state);
  });
});
