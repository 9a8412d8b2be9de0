/**
 * The Live tab's headline figures, from getStats: record count, averages, voltage range, current. The
 * temperature and voltage cards also judge each cell's latest reading against its own limits: an
 * average of 25 °C must not look calm beside a cell at 85 °C, so the card takes the worst cell's level
 * and names that cell in its hint.
 */
import type { ReactNode } from 'react';
import type { CellLimits, CellReading, Stats } from '../../../native-bridge/contract/index.js';
import { StatCard } from '../components/StatCard.js';
import {
  CURRENT_DIRECTION_LABEL,
  currentDirection,
  formatCount,
  formatFixed,
  formatSigned,
  voltageSpreadMv,
} from '../format/units.js';
import { cardTone, worstReading, type LimitLevel, type LimitQuantity } from './limit-level.js';
import { LimitValue } from './LimitValue.js';

interface CardJudgement {
  level: LimitLevel;
  /** The worst cell, named, with its value marked; null when every cell is inside its limits. */
  hint: ReactNode | null;
}

function judgeCard(
  q: LimitQuantity,
  latest: readonly CellReading[],
  limits: ReadonlyMap<string, CellLimits>,
): CardJudgement {
  const worst = worstReading(q, latest, limits);
  if (!worst) return { level: 'ok', hint: null };
  const { reading: r, judgement: j } = worst;
  const many = new Set(latest.map((x) => x.deviceId)).size > 1;
  const value = q === 'temp' ? `${formatFixed(r.tempC, 1)} °C` : `${formatFixed(r.voltageV, 3)} V`;
  return {
    level: j.level,
    hint: (
      <span data-testid={`stat-${q}-worst`}>
        {many ? `${r.deviceId} ` : ''}Cell {r.cell}: <LimitValue text={value} judgement={j} wordsElsewhere /> {j.words}
      </span>
    ),
  };
}

export function StatCards({
  stats,
  storeOk,
  latest,
  limits,
}: {
  stats: Stats | null;
  storeOk: boolean | null;
  /** Each cell's latest reading, from the same pull as the stats. */
  latest: readonly CellReading[];
  limits: ReadonlyMap<string, CellLimits>;
}) {
  const s = stats;
  const temp = judgeCard('temp', latest, limits);
  const volt = judgeCard('volt', latest, limits);
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
        tone={cardTone(temp.level)}
        level={temp.level}
        hint={temp.hint ?? "Mean of each cell's latest reading"}
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
        tone={cardTone(volt.level)}
        level={volt.level}
        hint={volt.hint ?? (spread === null ? 'Spread —' : `Spread ${spread} mV`)}
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
