/**
 * Every cell of every device as a tile coloured by its class, with its temperature; the cells at
 * Alarm or Runaway are also named in one line above the grid, so none is missed on a crowded module.
 * A temperature past the cell's limits is marked on the tile, and so is a voltage, which a tile shows
 * only then (an under-voltage cell at 25 °C would look calm otherwise); the tile's label says both in words.
 */
import { formatFixed } from '../format/units.js';
import { LimitValue } from '../live/LimitValue.js';
import { criticalTiles, type CellTile, type DeviceTiles } from './module-tiles.js';

function tileWords(t: CellTile): string {
  const temp =
    t.tempC === null ? 'no temperature' : `${formatFixed(t.tempC, 1)} °C${t.temp.words ? ` ${t.temp.words}` : ''}`;
  const volt = t.volt.level === 'ok' ? '' : `, ${formatFixed(t.voltageV, 3)} V ${t.volt.words}`;
  return `Cell ${t.cell}: ${t.label}${t.cause ? ` (${t.cause})` : ''}, ${temp}${volt}`;
}

function Tile({ t, selected, onSelect }: { t: CellTile; selected: boolean; onSelect: (key: string) => void }) {
  return (
    <button
      type="button"
      className={`cell-tile risk-tone--${t.tone}${selected ? ' cell-tile--selected' : ''}`}
      onClick={() => onSelect(t.key)}
      aria-pressed={selected}
      aria-label={tileWords(t)}
      data-testid="cell-tile"
      data-device={t.deviceId}
      data-cell={t.cell}
      data-label={t.label}
      data-tone={t.tone}
      data-rank={t.rank}
      data-cause={t.cause ?? ''}
    >
      <span className="cell-tile__name">Cell {t.cell}</span>
      <span className="cell-tile__class">{t.label}</span>
      {t.cause ? <span className="cell-tile__cause">{t.cause}</span> : null}
      <span className="cell-tile__temp">
        {t.tempC === null ? (
          '—'
        ) : (
          <LimitValue text={`${formatFixed(t.tempC, 1)} °C`} judgement={t.temp} testId="tile-temp" wordsElsewhere />
        )}
      </span>
      {t.volt.level !== 'ok' ? (
        <span className="cell-tile__volt">
          <LimitValue text={`${formatFixed(t.voltageV, 3)} V`} judgement={t.volt} testId="tile-volt" wordsElsewhere />
        </span>
      ) : null}
    </button>
  );
}

export function ModuleOverview({
  devices,
  selectedKey,
  onSelect,
}: {
  devices: DeviceTiles[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
}) {
  const critical = criticalTiles(devices);
  return (
    <section className="panel overview" aria-labelledby="overview-title" data-testid="module-overview">
      <header className="panel__header">
        <h2 id="overview-title">Module overview</h2>
        <p className="panel__meta">Click a cell for its health and trends</p>
      </header>
      {critical.length > 0 ? (
        <p className="overview__critical" role="alert" data-testid="critical-cells">
          At Alarm or Runaway:{' '}
          {critical.map((t, k) => (
            <span key={t.key}>
              {k > 0 ? ', ' : ''}
              {devices.length > 1 ? `${t.deviceId} ` : ''}cell {t.cell} ({t.label})
            </span>
          ))}
        </p>
      ) : null}
      {devices.length === 0 ? (
        <p className="overview__empty">No device is streaming cells yet.</p>
      ) : (
        devices.map((d) => (
          <div className="overview__device" key={d.deviceId} data-testid="overview-device" data-device={d.deviceId}>
            <h3>
              {d.device.label}
              <span className="overview__device-id">
                {d.deviceId} · {d.tiles.length} cells
                {d.device.state !== 'streaming' ? ` · ${d.device.state}: no current data` : ''}
              </span>
            </h3>
            <div className="overview__grid">
              {d.tiles.map((t) => (
                <Tile key={t.key} t={t} selected={t.key === selectedKey} onSelect={onSelect} />
              ))}
            </div>
          </div>
        ))
      )}
    </section>
  );
}
