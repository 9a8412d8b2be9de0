/**
 * The header's core chip: the station core's pulse (last frame, event-loop delay), and "Core silent"
 * when it stops coming — the first thing to look at when the numbers stop moving.
 */
import { useEffect, useState } from 'react';
import type { CorePulse, StationApi } from '../../../native-bridge/contract/index.js';
import { StatusDot, type Tone } from '../components/StatusDot.js';
import { useNow } from '../hooks/useNow.js';
import { corePulseView, type PulseState } from './core-pulse-view.js';

const TONE: Record<PulseState, Tone> = { waiting: 'idle', alive: 'ok', busy: 'warn', silent: 'error' };

export function CorePulseChip({ station }: { station: StationApi }) {
  const [latest, setLatest] = useState<{ pulse: CorePulse; atMs: number } | null>(null);
  const now = useNow(500);
  useEffect(() => {
    let live = true;
    const take = (pulse: CorePulse) => live && setLatest({ pulse, atMs: Date.now() });
    station.getCorePulse({}).then(take, () => undefined);
    const off = station.on('onCorePulse', take);
    return () => {
      live = false;
      off();
    };
  }, [station]);
  const view = corePulseView(latest?.pulse ?? null, latest?.atMs ?? null, now);
  return (
    <div
      className={`header-chip${view.state === 'silent' ? ' header-chip--alert' : ''}`}
      role="status"
      aria-label={`Station core: ${view.label}, ${view.detail}`}
      data-testid="core-pulse"
      data-state={view.state}
    >
      <StatusDot tone={TONE[view.state]} pulse={view.state === 'alive'} />
      <span className="header-chip__main">{view.label}</span>
      <span className="header-chip__sub">{view.detail}</span>
    </div>
  );
}
