/**
 * The module's lumped thermal network, advanced by one backward-Euler step: a core and a surface node
 * per cell [Lin14], conduction between neighbouring surfaces, convection and radiation from each surface
 * to the air around the cells, and optionally that air as a node of its own (an enclosure that warms
 * when its fan fails). Backward Euler keeps the stiff fast modes (a thin can against a hot neighbour)
 * stable at any step, and solving the linear system exactly makes the energy ledger close to rounding.
 */

export interface NeighbourPair {
  i: number;
  j: number;
  /** Surface-to-surface conductance, W K⁻¹. */
  g: number;
}

/** Which cells touch which: a near-square grid for cylindrical cells, a face-to-face row for prismatic. */
export function moduleLayout(cellCount: number, format: 'cylindrical' | 'prismatic'): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  if (format === 'prismatic' || cellCount <= 2) {
    for (let i = 0; i + 1 < cellCount; i++) pairs.push([i, i + 1]);
    return pairs;
  }
  const cols = Math.ceil(Math.sqrt(cellCount));
  for (let i = 0; i < cellCount; i++) {
    const r = Math.floor(i / cols);
    const c = i % cols;
    if (c + 1 < cols && i + 1 < cellCount) pairs.push([i, i + 1]);
    const below = (r + 1) * cols + c;
    if (below < cellCount) pairs.push([i, below]);
  }
  return pairs;
}

export interface ThermalStepInput {
  h: number;
  /** Heat capacities (J K⁻¹) and core–surface conductance (W K⁻¹) per cell. */
  cCore: Float64Array;
  cSurf: Float64Array;
  gCore: Float64Array;
  /** Surface → surrounding-air conductance (convection + linearised radiation), W K⁻¹. */
  gAir: Float64Array;
  pairs: readonly NeighbourPair[];
  /** Heat into the core and into the surface over the step, W. */
  pCore: Float64Array;
  pSurf: Float64Array;
  /** Surrounding air: prescribed at the end of the step, or a node with heat capacity. */
  air: { kind: 'prescribed'; tEndC: number } | { kind: 'node'; tC: number; c: number; gRoom: number; roomC: number };
}

/**
 * Solves the step in place: `tCore` and `tSurf` (°C) become the end-of-step temperatures. Returns the
 * air temperature at the end of the step.
 */
export class ThermalSolver {
  private m = 0;
  private a = new Float64Array(0);
  private b = new Float64Array(0);
  private kappa = new Float64Array(0);
  private coreRhs = new Float64Array(0);

  step(inp: ThermalStepInput, tCore: Float64Array, tSurf: Float64Array): number {
    const n = tCore.length;
    const nodeAir = inp.air.kind === 'node';
    const m = n + (nodeAir ? 1 : 0);
    if (m !== this.m) {
      this.m = m;
      this.a = new Float64Array(m * m);
      this.b = new Float64Array(m);
      this.kappa = new Float64Array(n);
      this.coreRhs = new Float64Array(n);
    }
    const { a, b, kappa, coreRhs } = this;
    a.fill(0);
    const h = inp.h;
    const airT = inp.air.kind === 'prescribed' ? inp.air.tEndC : 0;

    // Eliminate each core: Tc' = (ac·Tc + Pc + Gc·Ts')/(ac + Gc), ac = Cc/h. What is left on the surface
    // row is κ(Tc + Pc/ac − Ts') with κ = Gc·ac/(ac + Gc).
    for (let i = 0; i < n; i++) {
      const ac = inp.cCore[i]! / h;
      const gc = inp.gCore[i]!;
      kappa[i] = (gc * ac) / (ac + gc);
      coreRhs[i] = tCore[i]! + inp.pCore[i]! / ac;
      const as = inp.cSurf[i]! / h;
      a[i * m + i] = as + kappa[i]! + inp.gAir[i]!;
      b[i] = as * tSurf[i]! + inp.pSurf[i]! + kappa[i]! * coreRhs[i]!;
      if (nodeAir) {
        a[i * m + n] = a[i * m + n]! - inp.gAir[i]!;
        a[n * m + i] = a[n * m + i]! - inp.gAir[i]!;
      } else {
        b[i] = b[i]! + inp.gAir[i]! * airT;
      }
    }
    for (const p of inp.pairs) {
      a[p.i * m + p.i] = a[p.i * m + p.i]! + p.g;
      a[p.j * m + p.j] = a[p.j * m + p.j]! + p.g;
      a[p.i * m + p.j] = a[p.i * m + p.j]! - p.g;
      a[p.j * m + p.i] = a[p.j * m + p.i]! - p.g;
    }
    if (inp.air.kind === 'node') {
      let gSum = 0;
      for (let i = 0; i < n; i++) gSum += inp.gAir[i]!;
      const ae = inp.air.c / h;
      a[n * m + n] = ae + gSum + inp.air.gRoom;
      b[n] = ae * inp.air.tC + inp.air.gRoom * inp.air.roomC;
    }

    solveSymmetricInPlace(a, b, m);

    for (let i = 0; i < n; i++) {
      const ts = b[i]!;
      const ac = inp.cCore[i]! / h;
      const gc = inp.gCore[i]!;
      tCore[i] = (ac * tCore[i]! + inp.pCore[i]! + gc * ts) / (ac + gc);
      tSurf[i] = ts;
    }
    return nodeAir ? b[n]! : airT;
  }
}

/**
 * Gaussian elimination without pivoting: the matrix is symmetric and strictly diagonally dominant
 * (every node has a capacity term), so no pivoting is needed. Solution returned in `b`.
 */
function solveSymmetricInPlace(a: Float64Array, b: Float64Array, m: number): void {
  for (let k = 0; k < m; k++) {
    const pivot = a[k * m + k]!;
    for (let r = k + 1; r < m; r++) {
      const f = a[r * m + k]! / pivot;
      if (f === 0) continue;
      for (let c = k; c < m; c++) a[r * m + c] = a[r * m + c]! - f * a[k * m + c]!;
      b[r] = b[r]! - f * b[k]!;
    }
  }
  for (let k = m - 1; k >= 0; k--) {
    let s = b[k]!;
    for (let c = k + 1; c < m; c++) s -= a[k * m + c]! * b[c]!;
    b[k] = s / a[k * m + k]!;
  }
}
