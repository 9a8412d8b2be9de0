/** The chosen session's title, recorded span, and its editable details. */
import type { Session, StationApi } from '../../../native-bridge/contract/index.js';
import { formatDateTime, formatSpan } from './history-format.js';
import type { TimeWindow } from './time-window.js';
import { SessionDetails } from './SessionDetails.js';

export function SessionHeader({ station, session, span }: { station: StationApi; session: Session; span: TimeWindow }) {
  return (
    <section className="panel history-head">
      <header className="panel__header">
        <h2 data-testid="history-title">
          Session #{session.id} · {session.rig || session.deviceId}
          {session.active ? <span className="badge badge--live">recording</span> : null}
        </h2>
        <span className="panel__meta">
          {formatDateTime(span.fromMs)} → {formatDateTime(span.toMs)} ({formatSpan(span.toMs - span.fromMs)})
        </span>
      </header>
      <SessionDetails
        key={`${session.id}:${session.rig}:${session.chemistry}:${session.capacityAh}:${session.vMinV}:${session.vMaxV}:${session.notes}`}
        station={station}
        session={session}
      />
    </section>
  );
}
