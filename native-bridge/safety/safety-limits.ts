/**
 * Hard limits of the rule-based safety layer, per cell: its voltage window and maximum operating
 * temperature come from the session's chemistry (or V_max/V_min), so an LFP cell is not judged by an
 * NMC cell's 4.25 V and an LTO cell's 1.5 V floor is not an under-voltage. DEFAULT_LIMITS suit the
 * commonest bench cell, an NMC 18650: most cell datasheets allow charging up to 45 °C and discharging up
 * to 60 °C (e.g. Samsung INR18650-25R, LG INR21700-M50), so 60 °C is the alarm line and 80 °C is beyond
 * any datasheet window.
 *
 * The voltage rules leave the cycler its own job: a cycler ends a discharge at V_min and holds a charge
 * at V_max, and its reading sits on the line, a few mV either side, every cycle. Under- and
 * over-voltage are a reading beyond the window by a margin (0.1 V below V_min, 0.05 V above V_max: the
 * tap's accuracy and the cycler's regulation, with room for the IR sag of a load step), held for a
 * delay as a BMS protector holds its own (TI bq769x0: under-voltage delay 1–16 s, over-voltage 1–8 s;
 * 4 s and 2 s here), so a load step's sag or one noisy sample is not an alarm.
 */
import type { CellLimits } from '../contract/index.js';
import { CLEAR_HOLD_MS } from './alarm-book.js';

export interface SafetyLimits {
  tempWarnC: number;
  tempAlarmC: number;
  /** Beyond any datasheet window: critical, opens the relay (the runaway rule's own limit is in runaway-onset.ts). */
  tempMaxC: number;
  /** The cell's window: discharge cut-off and charge end voltage, V. */
  voltMinV: number;
  voltMaxV: number;
  /** Under-voltage is a reading this far below voltMinV … */
  voltLowMarginV: number;
  /** … held this long, s. */
  voltLowHoldS: number;
  /** Over-voltage is a reading this far above voltMaxV … */
  voltHighMarginV: number;
  /** … held this long, s. */
  voltHighHoldS: number;
  /** Clear hysteresis: a temperature alarm clears only this far below its threshold … */
  clearMarginC: number;
  /** … held this long, s (the alarm book's clear hold: a dip of a noisy probe is not a return to normal). */
  tempClearHoldS: number;
}

export const DEFAULT_LIMITS: Readonly<SafetyLimits> = Object.freeze({
  tempWarnC: 50,
  tempAlarmC: 60,
  tempMaxC: 80,
  voltMinV: 2.5,
  voltMaxV: 4.2,
  voltLowMarginV: 0.1,
  voltLowHoldS: 4,
  voltHighMarginV: 0.05,
  voltHighHoldS: 2,
  clearMarginC: 2,
  tempClearHoldS: CLEAR_HOLD_MS / 1000,
});

/** What the safety layer needs to know of a cell (features/cell-chemistry.ts knows it per chemistry). */
export interface CellWindow {
  vMinV: number;
  vMaxV: number;
  /** The datasheet's maximum operating (discharge) temperature, °C. */
  maxOperatingC: number;
}

/** The limits for one cell: its window and its operating limit, with the warning line 10 °C below it. */
export function limitsForCell(cell: Readonly<CellWindow>, base: Readonly<SafetyLimits> = DEFAULT_LIMITS): SafetyLimits {
  return {
    ...base,
    voltMinV: cell.vMinV,
    voltMaxV: cell.vMaxV,
    tempAlarmC: cell.maxOperatingC,
    tempWarnC: cell.maxOperatingC - (base.tempAlarmC - base.tempWarnC),
  };
}

/** The raise lines of `l` as the UI is shown them (the contract's CellLimits): no margins or holds to add up there. */
export function raiseLines(l: Readonly<SafetyLimits>): CellLimits {
  return {
    tempWarnC: l.tempWarnC,
    tempAlarmC: l.tempAlarmC,
    tempMaxC: l.tempMaxC,
    voltMinV: l.voltMinV,
    voltMaxV: l.voltMaxV,
    voltLowAlarmV: l.voltMinV - l.voltLowMarginV,
    voltHighAlarmV: l.voltMaxV + l.voltHighMarginV,
  };
}
