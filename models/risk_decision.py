"""The decision layer of the risk model, as the station applies it (native-bridge/ml/risk-decision.ts):
bin probabilities → cumulative onset probabilities → the class by the card's thresholds, the time-to-onset
estimate, the station's hysteresis, and episode counting. Used by training (to tune the thresholds on the
validation runs) and by the evaluation. The parity file carries the decided classes so that a test checks
the TypeScript decision against this one row by row.
"""

from __future__ import annotations

import numpy as np

NORMAL, WATCH, WARNING, ALARM, RUNAWAY = range(5)
# The hysteresis hold (s of device time) the shown class waits before stepping down, written into the card
# (decision.holdS) and read from it by the station. 60 s since v6.1: chosen from 10/30/60/120 s on the
# validation runs and the development false-alarm sets (72001-72002), it halved the model's false-alarm
# episodes there (heated cells flickering about the Warning threshold) at no cost in warning lead or in
# Runaway within 3 s; 120 s took off little more and keeps a cleared alarm on screen twice as long.
HOLD_S = 60
# Cards before v6.1 carry no hold: the station held 10 s.
LEGACY_HOLD_S = 10


def hold_of(card: dict) -> float:
    return card["decision"].get("holdS", LEGACY_HOLD_S)
# Cumulative horizons the thresholds act on: past the onset, within 5, 15 and 60 min.
HORIZONS = {"runaway": 0, "alarm": 300, "warning": 900, "watch": 3600}


def bin_uppers(bins: list[dict]) -> np.ndarray:
    return np.array([np.inf if b["upperS"] is None else b["upperS"] for b in bins], dtype=float)


def cumulative(probs: np.ndarray, bins: list[dict]) -> dict[str, np.ndarray]:
    """P(onset within each horizon) = the sum of the bins that end at or before it."""
    up = bin_uppers(bins)
    return {name: probs[:, up <= h].sum(1) for name, h in HORIZONS.items()}


def decide(probs: np.ndarray, bins: list[dict], th: dict[str, float]) -> np.ndarray:
    """The class: the most severe whose cumulative probability reaches its threshold."""
    c = cumulative(probs, bins)
    out = np.full(len(probs), NORMAL, dtype=np.int64)
    out[c["watch"] >= th["watch"]] = WATCH
    out[c["warning"] >= th["warning"]] = WARNING
    out[c["alarm"] >= th["alarm"]] = ALARM
    out[c["runaway"] >= th["runaway"]] = RUNAWAY
    return out


def time_to_onset(probs: np.ndarray, bins: list[dict], horizon_s: float, spread: float = 1.0) -> np.ndarray:
    """Median, 10th and 90th percentile of the onset time from the bin CDF (linear inside a bin);
    NaN where the CDF does not reach the quantile within the horizon. Rows: [median, low, high].

    spread (the card's decision.ttoIntervalSpread, fitted on validation runs by fit_interval_spread)
    scales the interval about the median in log time: low = median·(low/median)^spread, the same for
    high, so that the interval shown holds the truth 80 % of the time it is shown; 1 is the bins' own."""
    up = bin_uppers(bins)
    edges = np.maximum(up[np.isfinite(up)], 0.0)  # the CDF at 0 (bin 0 = past the onset) and each finite edge
    cdf = np.cumsum(probs, axis=1)[:, : len(edges)]
    out = np.full((len(probs), 3), np.nan)
    for j, q in enumerate((0.5, 0.1, 0.9)):
        for i in range(len(edges)):
            prev_c = np.zeros(len(probs)) if i == 0 else cdf[:, i - 1]
            prev_t = 0.0 if i == 0 else edges[i - 1]
            hit = np.isnan(out[:, j]) & (cdf[:, i] >= q)
            if i == 0:
                out[hit, j] = 0.0
                continue
            frac = np.clip((q - prev_c[hit]) / np.maximum(cdf[hit, i] - prev_c[hit], 1e-12), 0, 1)
            out[hit, j] = prev_t + frac * (edges[i] - prev_t)
    if spread != 1.0:
        out = spread_interval(out, spread)
    out[out > horizon_s] = np.nan
    return out


def spread_interval(est: np.ndarray, spread: float) -> np.ndarray:
    """est's low and high moved about its median in log time by the factor spread (see time_to_onset).
    A bound at 0 or a median at 0 stays where it is: there is no log distance to scale."""
    out = est.copy()
    med = est[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        for j in (1, 2):
            b = est[:, j]
            ok = (med > 0) & (b > 0) & np.isfinite(b)
            out[ok, j] = med[ok] * (b[ok] / med[ok]) ** spread
    return out


def fit_interval_spread(est: np.ndarray, true_s: np.ndarray, level: float = 0.8) -> tuple[float, float, float]:
    """The narrowest spread (grid 0.2–3) whose interval holds the truth on at least `level` of the rows
    with an estimate (a median; a missing high bound is open-ended), with the coverage at 1 and at it.
    est: rows of time_to_onset with spread 1 but without the horizon cut (the bounds beyond the horizon
    are still finite, so that narrowing can bring them in)."""
    shown = np.isfinite(est[:, 0])
    e, y = est[shown], true_s[shown]

    def coverage(k: float) -> float:
        s = spread_interval(e, k)
        lo = np.nan_to_num(s[:, 1], nan=0.0)
        hi = np.nan_to_num(s[:, 2], nan=np.inf)
        return float(np.mean((y >= lo) & (y <= hi))) if len(y) else float("nan")

    grid = np.round(np.arange(0.2, 3.0001, 0.05), 2)
    best = next((float(k) for k in grid if coverage(k) >= level), float(grid[-1]))
    return best, coverage(1.0), coverage(best)


def hysteresis(pred: np.ndarray, t: np.ndarray, hold_s: int) -> np.ndarray:
    """The station's RiskHysteresis: escalate at once; step down to the highest class of the lower
    stretch once it has lasted hold_s; a clock that steps back restarts the hold."""
    out = np.empty_like(pred)
    shown = None
    low_since = None
    low_max = 0
    last = None
    for i in range(len(pred)):
        p = int(pred[i])
        ti = t[i]
        if last is not None and ti < last:
            low_since = None
        last = ti
        if shown is None or p >= shown:
            shown = max(shown if shown is not None else p, p)
            low_since = None
        else:
            if low_since is None:
                low_since, low_max = ti, p
            else:
                low_max = max(low_max, p)
            if ti - low_since >= hold_s:
                shown = low_max
                low_since, low_max = (ti, p) if p < shown else (None, 0)
        out[i] = shown
    return out


def cell_sequences(rows) -> tuple[np.ndarray, np.ndarray]:
    """Row order by run, cell and time, and the bounds of each cell's sequence in that order."""
    order = np.lexsort((rows["t_s"].to_numpy(), rows["cell"].to_numpy(), rows["run_id"].to_numpy()))
    key = rows["run_id"].to_numpy()[order].astype(str)
    cell = rows["cell"].to_numpy()[order]
    change = np.concatenate([[True], (key[1:] != key[:-1]) | (cell[1:] != cell[:-1]), [True]])
    return order, np.flatnonzero(change)


def episodes_fast(on: np.ndarray, t: np.ndarray, seq_id: np.ndarray, hold_s: int) -> np.ndarray:
    """Per row (in sequence order) True where a Warning-or-higher episode starts, merging stretches the
    hysteresis would merge (the next one starts before the hold after the last one has run out): for
    tuning, where the exact hysteresis for every pair of thresholds would be too slow."""
    idx = np.where(on, np.arange(len(on)), -1)
    last_on = np.maximum.accumulate(idx)
    prev = np.concatenate([[-1], last_on[:-1]])
    safe = np.maximum(prev, 0)
    same = (prev >= 0) & (seq_id[safe] == seq_id)
    gap = np.where(same, t - t[safe], np.inf)
    return on & (gap > hold_s + 1)


def held_on(on: np.ndarray, t: np.ndarray, seq_id: np.ndarray, hold_s: float) -> np.ndarray:
    """Per row (in sequence order) True where the hysteresis still shows Warning-or-higher: the row is on,
    or the stretch below Warning that began after the cell's last row that was on has lasted less than
    hold_s (the shown class steps down only then). What the operator sees, for tuning, without running the
    exact hysteresis for every pair of thresholds: exact when the classes at or above Warning are one
    class; when an Alarm steps down to Warning first, the hysteresis can hold a little longer than this."""
    idx = np.where(on, np.arange(len(on)), -1)
    last_on = np.maximum.accumulate(idx)
    low_from = np.minimum(last_on + 1, len(on) - 1)  # the first row below Warning after the last on row
    same = (last_on >= 0) & (seq_id[np.maximum(last_on, 0)] == seq_id)
    return on | (same & (t - t[low_from] < hold_s))
