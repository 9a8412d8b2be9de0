/** The alarm tone bound to React: one AlarmTone on the real clock, playing through Web Audio. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Alarm } from '../../../native-bridge/contract/index.js';
import { AlarmTone, type ToneState } from './alarm-tone.js';
import { WebAudioTone } from './web-audio-tone.js';

export interface ToneView extends ToneState {
  /** The browser holds audio back until the page is clicked. */
  soundBlocked: boolean;
  silence(a: Alarm): void;
}

const realClock = {
  setTimeout: (fn: () => void, ms: number) => window.setTimeout(fn, ms),
  clearTimeout: (h: unknown) => window.clearTimeout(h as number),
};

export function useAlarmTone(waiting: readonly Alarm[]): ToneView {
  const [audio] = useState(() => new WebAudioTone());
  const [tone] = useState(() => new AlarmTone(audio.play, realClock));
  useEffect(() => tone.update(waiting), [tone, waiting]);
  useEffect(() => () => tone.dispose(), [tone]);
  const state = useSyncExternalStore(tone.subscribe, tone.getState);
  const soundBlocked = useSyncExternalStore(audio.subscribe, audio.blocked);
  return { ...state, soundBlocked, silence: (a) => tone.silence(a) };
}
