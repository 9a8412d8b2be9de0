/** The simulator's named scenarios, asked of the station once. */
import { useEffect, useState } from 'react';
import type { SimScenarioInfo } from '../../../native-bridge/contract/device-methods.js';
import type { StationApi } from '../../../native-bridge/contract/index.js';
import { errorText } from '../format/error-text.js';

export function useSimScenarios(station: StationApi) {
  const [scenarios, setScenarios] = useState<SimScenarioInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    station.listSimScenarios().then(
      (list) => setScenarios(list),
      (e: unknown) => setError(errorText(e)),
    );
  }, [station]);
  return { scenarios, error };
}
