"""The decision layer's tuning shortcuts against the exact hysteresis the station runs (pytest; run by
models/python-units.test.ts)."""

import numpy as np

from risk_decision import ALARM, NORMAL, WARNING, WATCH, episodes_fast, fit_interval_spread, held_on, hysteresis, spread_interval, time_to_onset


def one_cell(pred):
    n = len(pred)
    return np.asarray(pred), np.arange(n, dtype=float), np.zeros(n, dtype=np.int64)


def test_held_on_holds_a_warning_for_the_hold_after_it_drops():
    # Warning at 0–4 s, Normal after: the stretch below starts at 5 s, so the hold of 60 s shows Warning
    # up to 64 s and Normal from 65 s (the hysteresis steps down once the stretch has lasted 60 s).
    pred, t, seq = one_cell([WARNING] * 5 + [NORMAL] * 96)
    shown = held_on(pred >= WARNING, t, seq, 60)
    assert shown[:65].all()
    assert not shown[65:].any()
    assert (shown == (hysteresis(pred, t, 60) >= WARNING)).all()


def test_held_on_does_not_carry_into_the_next_cell():
    pred = np.array([WARNING, WARNING, NORMAL, NORMAL, NORMAL])
    t = np.array([0, 1, 0, 1, 2], dtype=float)
    seq = np.array([0, 0, 1, 1, 1])
    assert held_on(pred >= WARNING, t, seq, 60).tolist() == [True, True, False, False, False]


def test_held_on_is_the_hysteresis_when_warning_is_the_only_class_at_or_above_it():
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 400))
        # Runs of classes, so that dips shorter and longer than the hold both occur.
        pred = np.repeat(rng.choice([NORMAL, WATCH, WARNING], size=n), rng.integers(1, 90, size=n))[:n]
        t = np.cumsum(rng.integers(1, 3, size=n)).astype(float)
        hold = int(rng.choice([10, 30, 60]))
        exact = hysteresis(pred, t, hold) >= WARNING
        assert (held_on(pred >= WARNING, t, np.zeros(n, dtype=np.int64), hold) == exact).all()


def test_held_on_never_shows_a_warning_the_hysteresis_would_not():
    rng = np.random.default_rng(11)
    for _ in range(200):
        n = int(rng.integers(1, 400))
        pred = np.repeat(rng.choice([NORMAL, WATCH, WARNING, ALARM], size=n), rng.integers(1, 90, size=n))[:n]
        t = np.arange(n, dtype=float)
        exact = hysteresis(pred, t, 60) >= WARNING
        approx = held_on(pred >= WARNING, t, np.zeros(n, dtype=np.int64), 60)
        assert not (approx & ~exact).any()


def test_episodes_fast_merges_a_dip_shorter_than_the_hold():
    # Warning 0–9 s, a 30 s dip, Warning 40–49 s, a 100 s dip, Warning again: two episodes at hold 60.
    pred, t, seq = one_cell([WARNING] * 10 + [NORMAL] * 30 + [WARNING] * 10 + [NORMAL] * 100 + [WARNING] * 5)
    starts = episodes_fast(pred >= WARNING, t, seq, 60)
    assert np.flatnonzero(starts).tolist() == [0, 150]


BINS = [
    {"lowerS": None, "upperS": 0, "riskClass": "Runaway"},
    {"lowerS": 0, "upperS": 300, "riskClass": "Alarm"},
    {"lowerS": 300, "upperS": 900, "riskClass": "Warning"},
    {"lowerS": 900, "upperS": 3600, "riskClass": "Watch"},
    {"lowerS": 3600, "upperS": None, "riskClass": "Normal"},
]
# CDF at 0 / 300 / 900 / 3600 s: 0, 0.2, 0.6, 0.9 (the numbers of native-bridge/ml/risk-decision.test.ts).
P = np.array([[0, 0.2, 0.4, 0.3, 0.1]])


def test_time_to_onset_quantiles_and_spread():
    assert np.allclose(time_to_onset(P, BINS, 3600), [[750, 150, 3600]])
    assert np.allclose(time_to_onset(P, BINS, 3600, 0.5), [[750, 750 * 0.2**0.5, 750 * 4.8**0.5]])
    wide = time_to_onset(P, BINS, 3600, 1.5)
    assert np.isclose(wide[0, 1], 750 * 0.2**1.5) and np.isnan(wide[0, 2])


def test_fit_interval_spread_finds_the_narrowest_that_covers():
    # Every estimate 750 s in [150, 3600]. Truth: 750 s on 7 rows (covered at any spread), 336 s on one
    # (inside once 750·0.2^k ≤ 336, k ≥ 0.499), 100 s on two (k ≥ 1.25). 80 % takes the 336 s row in:
    # the grid's 0.5; spread 1 covers 8 of 10 too.
    est = np.tile([750.0, 150.0, 3600.0], (10, 1))
    truth = np.array([750] * 7 + [336, 100, 100], dtype=float)
    k, at1, at_k = fit_interval_spread(est, truth)
    assert (k, at1, at_k) == (0.5, 0.8, 0.8)
    assert spread_interval(est, 0.45)[0, 1] > 336


def test_fit_interval_spread_ignores_rows_without_an_estimate():
    est = np.array([[750.0, 150.0, 3600.0], [np.nan, np.nan, np.nan]])
    k, at1, _ = fit_interval_spread(est, np.array([750.0, 100.0]))
    assert (k, at1) == (0.2, 1.0)
