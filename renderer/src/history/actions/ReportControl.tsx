/** The session's printable report, in a dialog: print or save as PDF, or (served) open in a new tab. */
import { useRef, useState } from 'react';
import type { StationApi } from '../../../../native-bridge/contract/index.js';
import { servedOverHttp } from './served-over-http.js';

export function ReportControl({ station, sessionId }: { station: StationApi; sessionId: number }) {
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement | null>(null);
  return (
    <div className="history-action">
      <button
        type="button"
        className="button"
        data-testid="report-open"
        onClick={() => {
          setError(null);
          station
            .getSessionReport({ sessionId })
            .then((r) => setHtml(r.html))
            .catch((e: Error) => setError(e.message));
        }}
      >
        Report
      </button>
      {error ? <span className="history-error">{error}</span> : null}
      {html ? (
        <div className="history-report" role="dialog" aria-modal="true" aria-label="Session report">
          <div className="history-report__bar">
            <strong>Session #{sessionId} report</strong>
            <button
              type="button"
              className="button button--primary"
              onClick={() => frame.current?.contentWindow?.print()}
            >
              Print / save as PDF
            </button>
            {servedOverHttp() ? (
              <a className="button" href={`api/sessions/${sessionId}/report.html`} target="_blank" rel="noreferrer">
                Open in a new tab
              </a>
            ) : null}
            <button type="button" className="button" onClick={() => setHtml(null)}>
              Close
            </button>
          </div>
          <iframe ref={frame} title="Session report" srcDoc={html} data-testid="report-frame" />
        </div>
      ) : null}
    </div>
  );
}
