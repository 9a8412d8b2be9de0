/**
 * A history service on its own database, outside a station: no sources to start, no UI to tell, no
 * maintenance timer. For tests and benches of the history layer.
 */
import { openDatabase, type Db } from '../../native-bridge/store/database.js';
import { StoreWriter } from '../../native-bridge/store/store-writer.js';
import { HistoryService } from '../../native-bridge/history/history-service.js';

export function standaloneHistory(
  dbPath: string,
  dataDir: string,
): { db: Db; writer: StoreWriter; history: HistoryService } {
  const db = openDatabase(dbPath);
  const writer = new StoreWriter(db, dbPath);
  const history = new HistoryService({
    db,
    dbPath,
    dataDir,
    writer,
    scheduleMaintenance: false,
    host: {
      addSource: async () => undefined,
      removeSource: async () => undefined,
      emit: () => undefined,
      notify: () => undefined,
    },
  });
  return { db, writer, history };
}
