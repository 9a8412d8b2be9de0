"""A small sequence model against the shipped gradient-boosted trees, on the validation runs (issue 13).

The candidate sees a window of the last 120 s of each cell: 12 steps 10 s apart of the per-second
feature rows the TypeScript tracker wrote (the rows are only stacked here, nothing is recomputed), fed to
a two-layer perceptron (scikit-learn MLPClassifier, exportable with skl2onnx). The trees see one row.
Both are scored on the same validation rows by the onset-bin log-loss and by the area under the ROC curve
for "onset within 15 min" (what a Warning means). PyTorch, for a GRU or 1D-CNN, is not in the pinned
toolchain: its wheels pull gigabytes of CUDA libraries on this platform.

    models/.venv/bin/python models/sequence_experiment.py --data models/data --model-dir models
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import lightgbm as lgb
import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from risk_data import load_dataset, onset_bins  # noqa: E402
from risk_decision import cell_sequences  # noqa: E402

CHANNELS = [
    "temp_c",
    "temp_rate_10s",
    "temp_rate_60s",
    "temp_above_ambient_c",
    "temp_above_module_median_c",
    "module_max_rate_10s",
    "voltage_v",
    "voltage_below_vmax_v",
    "c_rate",
    "ambient_c",
]
STEPS = 12
STRIDE_S = 10


def windows(ds, mask: np.ndarray, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """[rows, STEPS·channels] of the cell's own rows at t, t−10 s, … (NaN → 0 plus a missing flag
    per step), for the rows in mask whose whole window exists; and their row indices."""
    rows = ds.rows
    order, bounds = cell_sequences(rows)
    t = rows["t_s"].to_numpy()
    cols = [names.index(c) for c in CHANNELS]
    pick = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        seg = order[a:b]
        ts = t[seg]
        pos = {int(x): i for i, x in enumerate(ts)}
        for i, r in enumerate(seg):
            if not mask[r]:
                continue
            back = [pos.get(int(ts[i]) - k * STRIDE_S) for k in range(STEPS)]
            if any(j is None for j in back):
                continue
            pick.append((r, [seg[j] for j in back]))
    idx = np.array([p[0] for p in pick])
    win = np.stack([ds.X[np.array(p[1])][:, cols].reshape(-1) for p in pick]) if pick else np.zeros((0, STEPS * len(cols)))
    miss = np.isnan(win)
    return np.concatenate([np.nan_to_num(win), miss.astype(np.float32)], axis=1), idx


def nll(p, y):
    return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1)).mean())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="models/data")
    ap.add_argument("--model-dir", default="models")
    ap.add_argument("--train-rows", type=int, default=120_000)
    ap.add_argument("--val-rows", type=int, default=60_000)
    ap.add_argument("--out", default="models/sequence-experiment.json")
    args = ap.parse_args()
    rng = np.random.default_rng(5)
    ds = load_dataset(args.data)
    names = ds.feature_names
    bins = ds.manifest["onsetBins"]
    y = onset_bins(ds.rows, bins)
    knowable = ds.rows["pre_trigger"].to_numpy() == 0

    def sample(split, n):
        m = ds.split(split) & knowable
        # Every row with an onset within the horizon, and as many of the rest as fit.
        ev = np.flatnonzero(m & (y < len(bins) - 1))
        calm = np.flatnonzero(m & (y == len(bins) - 1))
        take = np.concatenate([rng.choice(ev, min(len(ev), n // 2), replace=False), rng.choice(calm, min(len(calm), n // 2), replace=False)])
        out = np.zeros(len(m), dtype=bool)
        out[take] = True
        return out

    t0 = time.time()
    Xtr, itr = windows(ds, sample("train", args.train_rows), names)
    Xva, iva = windows(ds, sample("val", args.val_rows), names)
    print(f"windows: {len(itr)} train, {len(iva)} val ({time.time() - t0:.0f} s)")
    sc = StandardScaler().fit(Xtr)
    t0 = time.time()
    mlp = MLPClassifier(hidden_layer_sizes=(64, 32), alpha=1e-3, batch_size=512, max_iter=40, early_stopping=True, random_state=5)
    mlp.fit(sc.transform(Xtr), y[itr])
    fit_s = time.time() - t0
    p_seq = np.zeros((len(iva), len(bins)))
    p_seq[:, mlp.classes_] = mlp.predict_proba(sc.transform(Xva))

    booster = lgb.Booster(model_file=str(Path(args.model_dir) / "risk-model.lgb.txt"))
    p_gbt = booster.predict(ds.X[iva])
    yv = y[iva]
    soon = np.isin(yv, [b for b, x in enumerate(bins) if x["upperS"] is not None and x["upperS"] <= 900])
    up = np.array([np.inf if x["upperS"] is None else x["upperS"] for x in bins])
    within15 = lambda p: p[:, up <= 900].sum(1)  # noqa: E731
    res = {
        "what": "MLP (64, 32) over 12 steps × 10 s (120 s) of 10 feature channels vs the shipped LightGBM on one row; validation rows (half with an onset within 60 min)",
        "trainWindows": int(len(itr)),
        "valWindows": int(len(iva)),
        "sequenceFitSeconds": round(fit_s, 1),
        "valNll": {"sequence": nll(p_seq, yv), "trees": nll(p_gbt, yv)},
        "valAucOnsetWithin15Min": {"sequence": float(roc_auc_score(soon, within15(p_seq))), "trees": float(roc_auc_score(soon, within15(p_gbt)))},
    }
    res["winner"] = "trees" if res["valNll"]["trees"] <= res["valNll"]["sequence"] else "sequence"
    Path(args.out).write_text(json.dumps(res, indent=1) + "\n")
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
