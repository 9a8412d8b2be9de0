/** The transport's own connection reports; null while it has said nothing (desktop IPC never does). */
import { useEffect, useState } from 'react';
import type { StationApi } from '../../../native-bridge/contract/index.js';

export function useConnectionReport(station: StationApi): boolean | null {
  const [reported, setReported] = useState<boolean | null>(null);
  useEffect(() => station.onConnectionChange(setReported), [station]);
  return reported;
}
