/**
 * The risk model's latest prediction per cell: fetched once, then followed through the pushed
 * onPredictions event (≤ 1 Hz). The model's info is fetched again whenever its state changes, so a
 * model that fails to load shows "rules only" without a reload.
 */
import { useEffect, useState } from 'react';
import type { ModelInfo, PredictionsUpdate, StationApi } from '../../../native-bridge/contract/index.js';

export interface PredictionsView {
  update: PredictionsUpdate | null;
  info: ModelInfo | null;
}

export function usePredictions(station: StationApi): PredictionsView {
  const [update, setUpdate] = useState<PredictionsUpdate | null>(null);
  const [info, setInfo] = useState<ModelInfo | null>(null);
  const state = update?.modelState ?? null;

  useEffect(() => {
    let live = true;
    const off = station.on('onPredictions', (u) => setUpdate(u));
    station
      .getPredictions({})
      .then((u) => live && setUpdate((cur) => cur ?? u))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, [station]);

  useEffect(() => {
    let live = true;
    station
      .getModelInfo({})
      .then((i) => live && setInfo(i))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [station, state]);

  return { update, info };
}
