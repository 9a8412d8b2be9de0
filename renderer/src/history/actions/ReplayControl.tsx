/**
 * Replay the chosen window through the station at 1×–1000×: decoder, safety rules and risk model run
 * again, and the results are stored as a new session the operator can open from here.
 */
import { useEffect, useState } from 'react';
import type { ReplayProgress, StationApi } from '../../../../native-bridge/contract/index.js';
import { formatCount } from '../../format/units.js';
import type { TimeWindow } from '../time-window.js';

const SPEEDS = [1, 10, 100, 1000];

/** Keyed by session in the parent, so a replay shown belongs to the session on screen. */
export function ReplayControl({
  station,
  sessionId,
  window: w,
  onShowSession,
}: {
  station: StationApi;
  sessionId: number;
  window: TimeWindow;
  onShowSession: (id: number) => void;
}) {
  const [speed, setSpeed] = useState(100);
  const [replay, setReplay] = useState<ReplayProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () =>
      station.on('onReplayProgress', (p) =>
        setReplay((r) => (r && r.sessionId === p.sessionId ? p : !r && p.sourceSessionId === sessionId ? p : r)),
      ),
    [station, sessionId],
  );
  const running = replay?.state === 'running';
  return (
    <div className="history-action" data-testid="replay-control">
      <label className="field">
        <span className="field__label">Replay at</span>
        <select
          value={speed}
          onChange={(e) => setSpeed(Number(e.target.value))}
          disabled={running}
          aria-label="Replay speed"
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      {running ? (
        <>
          <progress value={replay.framesSent} max={Math.max(1, replay.totalFrames)} aria-label="Replay progress" />
          <span className="history-action__text">
            {Math.round((100 * replay.framesSent) / Math.max(1, replay.totalFrames))} % · {replay.achievedSpeed}×
          </span>
          <button
            type="button"
            className="button button--small"
            onClick={() => void station.stopReplay({ sessionId: replay.sessionId })}
          >
            Stop
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button"
          data-testid="replay-start"
          title="Play the window back through decoder, safety rules and risk model; the results are stored as a new session"
          onClick={() => {
            setError(null);
            station
              .startReplay({ sessionId, fromMs: w.fromMs, toMs: w.toMs, speed })
              .then(setReplay)
              .catch((e: Error) => setError(e.message));
          }}
        >
          Replay
        </button>
      )}
      {replay && !running ? (
        <span className="history-action__text" data-testid="replay-done">
          Replay {replay.state}: {formatCount(replay.framesSent)} frames, model {replay.modelVersion} →{' '}
          <button type="button" className="link-button" onClick={() => onShowSession(replay.sessionId)}>
            session #{replay.sessionId}
          </button>
        </span>
      ) : null}
      {error || replay?.error ? <span className="history-error">{error ?? replay?.error}</span> : null}
    </div>
  );
}
