/** The core chip: waiting, alive with the last frame's age and the loop delay, busy, and silent. */
import { describe, expect, it } from 'vitest';
import type { CorePulse } from '../../../native-bridge/contract/index.js';
import { corePulseView } from './core-pulse-view.js';

const pulse = (over: Partial<CorePulse> = {}): CorePulse => ({
  atMs: 50_000,
  lastFrameAtMs: 49_600,
  framesIngested: 120,
  eventLoopDelayMs: { mean: 1.24, p99: 3.5, max: 9 },
  uptimeS: 60,
  ...over,
});

describe('corePulseView', () => {
  it('waits for the first pulse', () => {
    expect(corePulseView(null, null, 1).state).toBe('waiting');
  });

  it("ages the last frame on the core's clock, whatever the renderer's says", () => {
    // The renderer's clock runs 1 h ahead of the core's; the pulse arrived 200 ms ago.
    const now = 3_600_000 + 50_200;
    expect(corePulseView(pulse(), now - 200, now)).toEqual({
      state: 'alive',
      label: 'Core',
      detail: 'last frame 0.6 s ago · loop 1.2 ms (p99 3.5 ms)',
    });
    expect(corePulseView(pulse({ lastFrameAtMs: null }), now, now).detail).toMatch(/^no frame yet · /);
  });

  it('is busy when the loop runs 100 ms late, and silent after three missed pulses', () => {
    expect(corePulseView(pulse({ eventLoopDelayMs: { mean: 40, p99: 180, max: 400 } }), 0, 10)).toMatchObject({
      state: 'busy',
      detail: expect.stringContaining('p99 180 ms'),
    });
    expect(corePulseView(pulse(), 0, 3500).state).toBe('alive');
    expect(corePulseView(pulse(), 0, 3501)).toEqual({
      state: 'silent',
      label: 'Core silent',
      detail: 'no pulse for 3.5 s',
    });
  });
});
