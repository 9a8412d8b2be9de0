/**
 * Turns SQLite and file-system failures into messages an operator can act on. The codes are stable
 * so the UI can key on them; the messages name the path and what to do.
 */

export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export function describeStoreFailure(err: unknown, path: string): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  const msg = e.message ?? String(err);
  if (
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'SQLITE_READONLY' ||
    code === 'SQLITE_CANTOPEN' ||
    /readonly|read-only/i.test(msg)
  )
    return new StoreError(
      'store.readonly',
      `Cannot write the database at ${path}: permission denied or read-only (${msg}). Check the folder's permissions or set STATION_DATA_DIR to a writable folder.`,
      { cause: err },
    );
  if (code === 'ENOSPC' || code === 'SQLITE_FULL' || /disk is full|no space/i.test(msg))
    return new StoreError(
      'store.disk-full',
      `The disk holding ${path} is full (${msg}). Free space or move STATION_DATA_DIR; readings are kept in memory until the write succeeds.`,
      { cause: err },
    );
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return new StoreError(
      'store.corrupt',
      `The database at ${path} is damaged or not a station database (${msg}). Move it aside; the station will start a new one.`,
      { cause: err },
    );
  return new StoreError('store.failed', `Database error at ${path}: ${msg}`, { cause: err });
}
