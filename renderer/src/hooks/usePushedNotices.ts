/** Notices the station pushes between status fetches (onNotice), kept until the next fetch absorbs them. */
import { useEffect, useState } from 'react';
import type { Notice, StationApi } from '../../../native-bridge/contract/index.js';

const KEEP = 200;

export function usePushedNotices(station: StationApi): Notice[] {
  const [pushed, setPushed] = useState<Notice[]>([]);
  useEffect(
    () =>
      station.on('onNotice', (n) => {
        setPushed((list) => [...list, n].slice(-KEEP));
      }),
    [station],
  );
  return pushed;
}
