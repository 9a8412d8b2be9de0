/**
 * The alarm tone itself, made with Web Audio (no sound file to ship or fail to load): bursts of
 * square-wave pulses, three high ones for Alarm and Critical, two lower ones for a Warning, in the
 * spirit of IEC 60601-1-8's high- and medium-priority patterns. A browser may keep audio suspended
 * until the page is clicked; the context is resumed on the first click or key, and whether sound is
 * blocked is reported so the banner can say so.
 */
import type { AlarmSeverity } from '../../../native-bridge/contract/index.js';

const PULSE_S = 0.15;
const GAP_S = 0.1;
const PATTERN: Readonly<Record<AlarmSeverity, { hz: number; pulses: number }>> = {
  info: { hz: 440, pulses: 1 },
  warning: { hz: 660, pulses: 2 },
  alarm: { hz: 880, pulses: 3 },
  critical: { hz: 988, pulses: 3 },
};

export class WebAudioTone {
  private ctx: AudioContext | null = null;
  private readonly listeners = new Set<() => void>();

  constructor() {
    const resume = () => void this.ctx?.resume().then(this.notify, this.notify);
    window.addEventListener('pointerdown', resume, { capture: true });
    window.addEventListener('keydown', resume, { capture: true });
  }

  play = (severity: AlarmSeverity): void => {
    const ctx = this.context();
    if (!ctx) return;
    const { hz, pulses } = PATTERN[severity];
    const t0 = ctx.currentTime + 0.02;
    for (let i = 0; i < pulses; i++) {
      const start = t0 + i * (PULSE_S + GAP_S);
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = hz;
      // Short ramps: a hard edge on a square wave clicks.
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(0.2, start + 0.01);
      gain.gain.setValueAtTime(0.2, start + PULSE_S - 0.02);
      gain.gain.linearRampToValueAtTime(0, start + PULSE_S);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + PULSE_S);
    }
  };

  /** True while the browser holds audio back (no click on the page yet). */
  blocked = (): boolean => this.ctx !== null && this.ctx.state !== 'running';

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private context(): AudioContext | null {
    if (this.ctx) return this.ctx;
    if (typeof AudioContext === 'undefined') return null;
    this.ctx = new AudioContext();
    this.ctx.addEventListener('statechange', this.notify);
    this.notify();
    return this.ctx;
  }

  private notify = (): void => {
    for (const fn of this.listeners) fn();
  };
}
