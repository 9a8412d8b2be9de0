/** The Live tab's headline figures, from getStats: record count, averages, voltage range, current. */
import type { Stats } from '../../../native-bridge/contract/index.js';
import { StatCard } from '../components/StatCard.js';
import {
  CURRENT_DIRECTION_LABEL,
  currentDirection,
  formatCount,
  formatFixed,
  formatSigned,
  voltageSpreadMv,
} from '../format/units.js';

export function StatCards({ stats, storeOk }: { stats: Stats | null; storeOk: boolean | null }) {
  const s = stats;
  const spread = s ? voltageSpreadMv(s.minCellV, s.maxCellV) : null;
  const voltage =
    s && s.minCellV !== null && s.maxCellV !== null
      ? `${formatFixed(s.minCellV, 3)} / ${formatFixed(s.maxCellV, 3)}`
      : '—';
  const direction = currentDirection(s?.packCurrentA);
  return (
    <div className="stat-cards" role="group" aria-label="Live statistics">
      <StatCard
        testId="stat-total-records"
        valueTestId="record-count"
        label="Total records"
        value={formatCount(s?.totalRecords)}
        rawValue={s?.totalRecords ?? null}
        tone={storeOk === false ? 'error' : 'normal'}
        hint={
          storeOk === false
            ? 'In memory only — NOT stored'
            : storeOk
              ? 'Cell readings stored in SQLite'
              : 'Cell readings'
        }
      />
      <StatCard
        testId="stat-avg-temp"
        label="Average temperature"
        value={formatFixed(s?.avgTempC, 1)}
        unit="°C"
        rawValue={s?.avgTempC ?? null}
        hint="Mean of each cell's latest reading"
      />
      <StatCard
        testId="stat-avg-humidity"
        label="Average humidity"
        value={formatFixed(s?.avgHumidityPct, 1)}
        unit="%RH"
        rawValue={s?.avgHumidityPct ?? null}
        hint="Rig ambient sensor"
      />
      <StatCard
        testId="stat-cell-voltage"
        label="Cell voltage min / max"
        value={voltage}
        unit="V"
        hint={spread === null ? 'Spread —' : `Spread ${spread} mV`}
      />
      <StatCard
        testId="stat-pack-current"
        label="Pack current"
        value={formatSigned(s?.packCurrentA, 2)}
        unit="A"
        rawValue={s?.packCurrentA ?? null}
        hint={`${CURRENT_DIRECTION_LABEL[direction]} · + = discharge`}
      />
    </div>
  );
}
