/**
 * Hard limits of the rule-based safety layer. Defaults suit NMC/LFP cells on a test bench: most
 * cell datasheets allow charging up to 45 °C and discharging up to 60 °C (e.g. Samsung INR18650-25R,
 * LG INR21700-M50), so 60 °C is the alarm line and 80 °C is beyond any datasheet window.
 */

export interface SafetyLimits {
  tempWarnC: number;
  tempAlarmC: number;
  /** Beyond any datasheet window: critical, opens the relay (the runaway rule's own limit is in runaway-onset.ts). */
  tempMaxC: number;
  voltMinV: number;
  voltMaxV: number;
  /** Clear hysteresis: a temperature alarm clears only this far below its threshold. */
  clearMarginC: number;
}

export const DEFAULT_LIMITS: SafetyLimits = {
  tempWarnC: 50,
  tempAlarmC: 60,
  tempMaxC: 80,
  voltMinV: 2.5,
  voltMaxV: 4.25,
  clearMarginC: 2,
};
