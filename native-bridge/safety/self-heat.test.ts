import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/prng.js';
import { SELF_HEAT_RULE, SelfHeatModule, type SelfHeatInput } from './self-heat.js';

/** One cell's reading at rest in 25 °C air unless told otherwise. */
const cellAt = (tempC: number | null, over: Partial<SelfHeatInput> = {}) => ({
  cell: 1,
  tempC,
  ambientC: 25,
  currentA: 0,
  ...over,
});

/** Feeds tempAt(t) for t = 0 … endS at 1 Hz to a one-cell rig; the first second SELF_HEAT held, or null. */
function firstFiring(
  tempAt: (tS: number) => number | null,
  endS: number,
  over: (tS: number) => Partial<SelfHeatInput> = () => ({}),
  m = new SelfHeatModule(),
): number | null {
  for (let t = 0; t <= endS; t++) if (m.update(t, [cellAt(tempAt(t), over(t))])[0]) return t;
  return null;
}

/** A self-heating cell: 40 °C, its own rate doubling every 200 s from 0.02 °C/s (it outruns the losses). */
const selfHeating = (t: number) => 40 + ((0.02 * 200) / Math.LN2) * (2 ** (t / 200) - 1);

describe('SELF_HEAT', () => {
  it('fires on a cell whose heating rate climbs by itself, within a minute or two of clearing the threshold', () => {
    const t = firstFiring(selfHeating, 1200);
    expect(t).not.toBeNull();
    // Both horizons must clear the threshold and the hold must pass: not at once, but well before the knee.
    expect(t!).toBeGreaterThanOrEqual(SELF_HEAT_RULE.holdS + SELF_HEAT_RULE.longS * 0.9);
    expect(t!).toBeLessThan(400);
  });

  it('stays silent on a cell warmed with its air (its rate is the ambient rate)', () => {
    const air = (t: number) => 25 + 0.05 * t;
    expect(
      firstFiring(
        (t) => air(t) + 6,
        1200,
        (t) => ({ ambientC: air(t) }),
      ),
    ).toBeNull();
  });

  it('stays silent on a cell cooling towards its air, and on a warm-up that slows towards a fixed heat source', () => {
    expect(firstFiring((t) => 25 + 30 * Math.exp(-t / 600), 1200)).toBeNull();
    // A heat step (a load switched on, a fan failing) makes the rate jump, then decay: not self-heating.
    expect(firstFiring((t) => 30 + 30 * (1 - Math.exp(-t / 300)), 1200)).toBeNull();
  });

  it('stays silent on a noisy probe of a steady cell', () => {
    const rng = new Rng(7);
    expect(firstFiring(() => 45 + 2 * (rng.next() - 0.5) * 2, 3600)).toBeNull();
  });

  it('stays silent on a step in the reading (a probe re-seated, a range change)', () => {
    expect(firstFiring((t) => (t < 400 ? 40 : 48), 1200)).toBeNull();
  });

  it('needs its long window again after a reboot or a gap: a rate across either is not one it saw', () => {
    const m = new SelfHeatModule();
    for (let t = 0; t <= 400; t++) m.update(t, [cellAt(selfHeating(t))]);
    expect(m.cell(1)!.held).toBe(true);
    // The device's clock starts again at 0 (a reboot): the rule starts again with it.
    for (let t = 0; t < 150; t++) expect(m.update(t, [cellAt(selfHeating(400 + t))])[0]).toBe(false);
    const gap = new SelfHeatModule();
    for (let t = 0; t <= 400; t++) gap.update(t, [cellAt(selfHeating(t))]);
    expect(gap.update(400 + SELF_HEAT_RULE.maxGapS + 1, [cellAt(selfHeating(410))])[0]).toBe(false);
  });

  it('judges a cell of a module against its neighbours: a string heating together under current is silent', () => {
    const m = new SelfHeatModule();
    let fired = false;
    for (let t = 0; t <= 1200; t++) {
      // I²R heats every cell of the string alike, faster and faster as it warms (the rate is shared).
      const common = selfHeating(t) - 15;
      const held = m.update(
        t,
        [1, 2, 3, 4].map((cell) => ({ cell, tempC: common + cell * 0.2, ambientC: 25, currentA: 10 })),
      );
      fired ||= held.some(Boolean);
    }
    expect(fired).toBe(false);
  });

  it('fires for the one cell of a module heating beyond its neighbours, under current too', () => {
    const m = new SelfHeatModule();
    let first: number | null = null;
    for (let t = 0; t <= 1200 && first === null; t++) {
      const held = m.update(
        t,
        [1, 2, 3, 4].map((cell) => ({
          cell,
          tempC: cell === 3 ? selfHeating(t) : 32 + 0.002 * t,
          ambientC: 25,
          currentA: 10,
        })),
      );
      if (held[2]) first = t;
      expect(held[0] || held[1] || held[3]).toBe(false);
    }
    expect(first).not.toBeNull();
  });

  it('leaves a cell warmed by a hotter neighbour to the neighbour (propagation, not self-heating)', () => {
    const m = new SelfHeatModule();
    let fired = false;
    for (let t = 0; t <= 1200; t++) {
      const burning = selfHeating(t) + 10;
      const held = m.update(t, [
        { cell: 1, tempC: burning, ambientC: 25, currentA: 0 },
        { cell: 2, tempC: 25 + (burning - 25) * 0.6, ambientC: 25, currentA: 0 },
        { cell: 3, tempC: 30, ambientC: 25, currentA: 0 },
      ]);
      fired ||= held[1]!;
    }
    expect(fired).toBe(false);
  });

  it('does not judge a one-cell rig under current (its I²R is not known) nor a cell without an air reading', () => {
    expect(firstFiring(selfHeating, 1200, () => ({ currentA: 5 }))).toBeNull();
    expect(firstFiring(selfHeating, 1200, () => ({ ambientC: null }))).toBeNull();
  });

  it('holds while the excess stays up and clears once it falls under its clear line', () => {
    const m = new SelfHeatModule();
    let t = 0;
    for (; t <= 400; t++) m.update(t, [cellAt(selfHeating(t))]);
    expect(m.cell(1)!.held).toBe(true);
    const top = selfHeating(400);
    for (; t <= 700; t++) m.update(t, [cellAt(top)]);
    expect(m.cell(1)!.held).toBe(false);
  });
});
