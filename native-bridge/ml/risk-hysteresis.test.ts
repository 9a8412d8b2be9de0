import { describe, expect, it } from 'vitest';
import { RiskHysteresis } from './risk-hysteresis.js';

describe('risk hysteresis', () => {
  it('escalates at once', () => {
    const h = new RiskHysteresis(10_000);
    expect(h.update(0, 0)).toBe(0);
    expect(h.update(3, 1000)).toBe(3);
    expect(h.update(4, 2000)).toBe(4);
  });

  it('de-escalates only after the lower class has held for the hold time', () => {
    const h = new RiskHysteresis(10_000);
    h.update(3, 0);
    for (let t = 1000; t < 11_000; t += 1000) expect(h.update(0, t)).toBe(3);
    expect(h.update(0, 11_000)).toBe(0);
  });

  it('steps down to the highest class seen while low, then needs a new hold for the next step', () => {
    const h = new RiskHysteresis(5_000);
    h.update(4, 0);
    h.update(1, 1000);
    h.update(2, 2000);
    h.update(0, 3000);
    h.update(0, 5000);
    expect(h.update(0, 6000)).toBe(2);
    expect(h.update(0, 10_000)).toBe(2);
    expect(h.update(0, 11_000)).toBe(0);
  });

  it('a flicker back up restarts the hold', () => {
    const h = new RiskHysteresis(5_000);
    h.update(2, 0);
    h.update(0, 1000);
    h.update(0, 4000);
    expect(h.update(2, 5000)).toBe(2);
    expect(h.update(0, 6000)).toBe(2);
    expect(h.update(0, 10_000)).toBe(2);
    expect(h.update(0, 11_000)).toBe(0);
  });

  it('restarts the hold when the device clock goes back (reboot) instead of holding forever', () => {
    const h = new RiskHysteresis(5_000);
    h.update(3, 100_000);
    h.update(0, 101_000);
    expect(h.update(0, 1000)).toBe(3);
    expect(h.update(0, 6000)).toBe(0);
  });

  it('with a zero hold follows the model', () => {
    const h = new RiskHysteresis(0);
    h.update(3, 0);
    expect(h.update(1, 1)).toBe(1);
  });
});
