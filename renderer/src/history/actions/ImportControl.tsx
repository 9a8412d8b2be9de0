/**
 * Import a CSV recording as a session: the file goes to the station in chunks (progress, cancel; a
 * cancelled import keeps nothing), and the new session is shown when it is done.
 */
import { useRef, useState } from 'react';
import { IMPORT_CHUNK_MAX_CHARS, type StationApi } from '../../../../native-bridge/contract/index.js';
import { formatCount } from '../../format/units.js';
import { fileChunks } from './file-chunks.js';

export function ImportControl({
  station,
  onImported,
}: {
  station: StationApi;
  onImported: (sessionId: number) => void;
}) {
  const [progress, setProgress] = useState<{ name: string; done: number; size: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const cancel = useRef(false);
  const input = useRef<HTMLInputElement | null>(null);

  const upload = async (file: File) => {
    cancel.current = false;
    setMessage(null);
    setProgress({ name: file.name, done: 0, size: file.size });
    try {
      const { importId } = await station.beginImport({ fileName: file.name.slice(0, 255) });
      for await (const c of fileChunks(file)) {
        if (cancel.current) {
          await station.cancelImport({ importId });
          setMessage('Import cancelled; nothing was kept.');
          return;
        }
        for (let i = 0; i < c.text.length; i += IMPORT_CHUNK_MAX_CHARS)
          await station.appendImport({ importId, chunk: c.text.slice(i, i + IMPORT_CHUNK_MAX_CHARS) });
        setProgress({ name: file.name, done: c.done, size: file.size });
      }
      const r = await station.finishImport({ importId });
      setMessage(
        `Imported ${formatCount(r.rows)} readings (${r.format} format) as session #${r.sessionId}` +
          (r.skipped ? `; ${r.skipped} lines skipped (${r.warnings[0] ?? ''})` : '.'),
      );
      onImported(r.sessionId);
    } catch (e) {
      setMessage(`Import failed: ${(e as Error).message}`);
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className="history-action" data-testid="import-control">
      <label className="button">
        Import CSV…
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          className="visually-hidden"
          data-testid="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
          }}
        />
      </label>
      {progress ? (
        <>
          <progress value={progress.done} max={Math.max(1, progress.size)} aria-label="Import progress" />
          <button type="button" className="button button--small" onClick={() => (cancel.current = true)}>
            Cancel
          </button>
        </>
      ) : null}
      {message ? (
        <span className="history-action__text" role="status" data-testid="import-message">
          {message}
        </span>
      ) : null}
    </div>
  );
}
