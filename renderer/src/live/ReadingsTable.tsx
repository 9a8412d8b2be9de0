/**
 * The latest readings, newest first, one row per cell sample. Units live in the column headers so
 * the cells hold bare, right-aligned numbers; a missing value is a dash with a reason on hover; a
 * temperature or voltage past its device's limits is marked (limit-level.ts).
 */
import type { CellLimits, CellReading } from '../../../native-bridge/contract/index.js';
import { useStaleDevices } from '../devices/StaleDevices.js';
import { MISSING, formatClockTime, formatCount, formatFixed } from '../format/units.js';
import { judge, type LimitQuantity } from './limit-level.js';
import { LimitValue } from './LimitValue.js';

function Num({ value, digits }: { value: number | null; digits: number }) {
  if (value === null) return <span title="No value: sensor fault or not reported">{MISSING}</span>;
  return <>{formatFixed(value, digits)}</>;
}

function Judged({
  q,
  value,
  digits,
  limits,
}: {
  q: LimitQuantity;
  value: number | null;
  digits: number;
  limits: CellLimits | undefined;
}) {
  if (value === null) return <Num value={null} digits={digits} />;
  return <LimitValue text={formatFixed(value, digits)} judgement={judge(q, value, limits)} testId={`reading-${q}`} />;
}

function Soc({ r }: { r: CellReading }) {
  if (r.socPct === null) return <Num value={null} digits={1} />;
  return (
    <>
      {formatFixed(r.socPct, 1)}
      {r.socEstimated ? (
        <abbr
          className="badge badge--estimate"
          title="Estimated by the station from voltage and current: the device did not report SOC"
        >
          est.
        </abbr>
      ) : null}
    </>
  );
}

export function ReadingsTable({
  readings,
  totalRecords,
  limit,
  limits,
}: {
  readings: CellReading[] | null;
  totalRecords: number | null;
  limit: number;
  /** Each device's limits by its id (limitsByDevice); a device without them is not judged. */
  limits: ReadonlyMap<string, CellLimits>;
}) {
  const rows = readings ?? [];
  const stale = useStaleDevices();
  const anyEstimated = rows.some((r) => r.socEstimated);
  return (
    <section className="panel readings" aria-labelledby="readings-title">
      <header className="panel__header">
        <h2 id="readings-title">Latest readings</h2>
        <p className="panel__meta" data-testid="readings-summary">
          {rows.length === 0
            ? 'No readings yet'
            : `Newest ${formatCount(rows.length)} of ${formatCount(totalRecords)} · newest first · up to ${limit}`}
        </p>
      </header>
      <div className="table-scroll" tabIndex={0} aria-label="Latest readings table, scrollable">
        <table className="readings-table" aria-label={`Latest ${limit} readings`} data-testid="readings-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Device</th>
              <th scope="col" className="num">
                Cell
              </th>
              <th scope="col" className="num">
                Temperature (°C)
              </th>
              <th scope="col" className="num">
                Humidity (%RH)
              </th>
              <th scope="col" className="num">
                Voltage (V)
              </th>
              <th scope="col" className="num">
                SOC (%)
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr className="readings-table__empty">
                <td colSpan={7}>Waiting for the first readings from the rig…</td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr
                  key={`${r.deviceId}|${r.cell}|${r.seq}|${r.tHostMs}`}
                  data-testid="reading-row"
                  className={stale.has(r.deviceId) ? 'reading-row--stale' : undefined}
                >
                  <td className="time">{formatClockTime(r.tHostMs)}</td>
                  <td>
                    {r.deviceId}
                    {stale.has(r.deviceId) ? (
                      <abbr className="badge badge--stale" title="No data from this device: not current">
                        stale
                      </abbr>
                    ) : null}
                  </td>
                  <td className="num">{r.cell}</td>
                  <td className="num">
                    <Judged q="temp" value={r.tempC} digits={2} limits={limits.get(r.deviceId)} />
                  </td>
                  <td className="num">
                    <Num value={r.humidityPct} digits={1} />
                  </td>
                  <td className="num">
                    <Judged q="volt" value={r.voltageV} digits={3} limits={limits.get(r.deviceId)} />
                  </td>
                  <td className="num">
                    <Soc r={r} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {anyEstimated ? (
        <p className="panel__footnote">
          <span className="badge badge--estimate">est.</span> SOC estimated by the station (open-circuit voltage and
          coulomb counting) because the device did not report it.
        </p>
      ) : null}
    </section>
  );
}
