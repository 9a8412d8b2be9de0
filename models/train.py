"""Trains the thermal-runaway risk model (issue 6) on a dataset from `npm run dataset` and exports it.

LightGBM multiclass with class weights and early stopping on the validation runs, then calibration by
vector scaling (a temperature and a per-class bias on the raw scores, fitted by NLL on the validation runs),
baked into the trees' leaf values so that the booster's own predict_proba *is* the calibrated model and
the ONNX converter sees an ordinary LightGBM model. Exported with onnxmltools (no ZipMap), checked
against onnxruntime to 1e-5 before anything is written.

Writes to --out: risk-model.onnx, risk-model.card.json, risk-model.parity.json and risk-model.lgb.txt
(the calibrated LightGBM model, not committed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import sys
import time
from pathlib import Path

import lightgbm as lgb
import numpy as np
import onnx
import onnxmltools
import onnxruntime as ort
from onnxmltools.convert.common.data_types import FloatTensorType
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax

sys.path.insert(0, str(Path(__file__).resolve().parent))
from risk_data import CLASSES, load_dataset  # noqa: E402

K = len(CLASSES)
MAX_ONNX_BYTES = 2_000_000
PARITY_ROWS = 200
INPUT_NAME = "input"
SEED = 7


def class_weights(y: np.ndarray, base_w: np.ndarray) -> np.ndarray:
    """sqrt-balanced: rare classes count more without letting 300 Alarm rows of one run dominate."""
    counts = np.array([base_w[y == k].sum() for k in range(K)])
    counts = np.maximum(counts, 1.0)
    w = np.sqrt(counts.max() / counts)
    return w / w[0]


def calm_stride(df, max_calm: int) -> np.ndarray:
    """Keep every k-th second of Normal/Watch rows: neighbouring seconds are near duplicates."""
    calm = df["label"].to_numpy() <= 1
    k = max(1, math.ceil(calm.sum() / max_calm))
    keep = ~calm | (df["t_s"].to_numpy() % k == 0)
    w = np.where(calm, float(k), 1.0)
    return keep, w, k


def fit_vector_scaling(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Temperature T and biases b (b[0] = 0) minimising the NLL of softmax(z / T + b)."""

    def nll(p):
        t = math.exp(p[0])
        b = np.concatenate([[0.0], p[1:]])
        lp = log_softmax(z / t + b, axis=1)
        return -lp[np.arange(len(y)), y].mean()

    res = minimize(nll, np.zeros(K), method="L-BFGS-B")
    return math.exp(res.x[0]), np.concatenate([[0.0], res.x[1:]])


def fit_temperature(z: np.ndarray, y: np.ndarray) -> float:
    def nll(p):
        lp = log_softmax(z / math.exp(p[0]), axis=1)
        return -lp[np.arange(len(y)), y].mean()

    return math.exp(minimize(nll, np.zeros(1), method="L-BFGS-B").x[0])


def floor_f32(x: float) -> float:
    """Largest float32 ≤ x. The inputs are float32, so `v <= x` and `v <= floor_f32(x)` agree for every
    input and LightGBM's predictions do not change; the ONNX tree ensemble stores float32 thresholds
    (rounded to nearest by the converter), and a threshold rounded up would flip the rows that lie
    between the two, which on quantised readings (0.01 °C, 1 mV, whole seconds) happens."""
    f = np.float32(x)
    if float(f) > x:
        f = np.nextafter(f, np.float32(-np.inf))
    return float(f)


def bake_calibration(booster: lgb.Booster, num_iteration: int, t: float, b: np.ndarray) -> lgb.Booster:
    """Scales every leaf by 1/T and adds b_k to the leaves of class k's first tree: raw' = raw/T + b.
    Also snaps the thresholds to float32 (floor_f32) so the ONNX export decides exactly as LightGBM."""
    text = booster.model_to_string(num_iteration=num_iteration)
    out = []
    tree_idx = -1
    for line in text.split("\n"):
        # tree_sizes holds each tree's byte length; the edited leaves change it, and without the line
        # LightGBM parses the trees one after another.
        if line.startswith("tree_sizes="):
            continue
        m = re.match(r"^Tree=(\d+)$", line)
        if m:
            tree_idx = int(m.group(1))
        elif line.startswith("threshold=") and tree_idx >= 0:
            line = "threshold=" + " ".join(repr(floor_f32(float(v))) for v in line[len("threshold=") :].split(" "))
        elif line.startswith("leaf_value=") and tree_idx >= 0:
            vals = np.array([float(v) for v in line[len("leaf_value=") :].split(" ")])
            vals = vals / t
            if tree_idx < K:
                vals = vals + b[tree_idx]
            line = "leaf_value=" + " ".join(repr(float(v)) for v in vals)
        out.append(line)
    return lgb.Booster(model_str="\n".join(out))


def ece(p: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    conf = p.max(1)
    acc = p.argmax(1) == y
    e = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        m = (conf > lo) & (conf <= lo + 1 / bins)
        if m.any():
            e += m.mean() * abs(acc[m].mean() - conf[m].mean())
    return float(e)


def nll(p: np.ndarray, y: np.ndarray) -> float:
    return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1)).mean())


def macro_f1(y: np.ndarray, pred: np.ndarray) -> tuple[float, list[float], list[float]]:
    prec, rec, f1 = [], [], []
    for k in range(K):
        tp = np.sum((pred == k) & (y == k))
        p = tp / max(1, np.sum(pred == k))
        r = tp / max(1, np.sum(y == k))
        prec.append(float(p))
        rec.append(float(r))
        f1.append(float(0 if p + r == 0 else 2 * p * r / (p + r)))
    present = [f1[k] for k in range(K) if np.any(y == k)]
    return float(np.mean(present)), prec, rec


def export_onnx(booster: lgb.Booster, n_features: int) -> onnx.ModelProto:
    model = onnxmltools.convert_lightgbm(
        booster,
        initial_types=[(INPUT_NAME, FloatTensorType([None, n_features]))],
        zipmap=False,
        target_opset=15,
    )
    # The converter declares `label` as shape [1]; the station runs batches, so make both outputs [N, …].
    for out in model.graph.output:
        dims = out.type.tensor_type.shape.dim
        dims[0].ClearField("dim_value")
        dims[0].dim_param = "N"
    model.doc_string = "EV station thermal-runaway risk model (issue 6); see risk-model.card.json"
    return model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="models/data")
    ap.add_argument("--out", default="models")
    ap.add_argument("--max-calm-rows", type=int, default=350_000, help="Normal+Watch train rows kept (strided)")
    ap.add_argument("--rounds", type=int, default=400)
    ap.add_argument("--num-leaves", type=int, default=31)
    ap.add_argument("--learning-rate", type=float, default=0.05)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--min-data-in-leaf", type=int, default=400)
    ap.add_argument("--patience", type=int, default=60, help="early-stopping rounds without a better val loss")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t_start = time.time()

    ds = load_dataset(args.data)
    X, rows, names = ds.X, ds.rows, ds.feature_names
    y_all = rows["label"].to_numpy().astype(np.int64)
    # Rows before a run's abuse began that carry a later onset's class cannot be told from the features
    # (no cell shows a nail or a heater before it arrives): they would teach the model to raise alarms
    # on calm cells, so they are left out of training, early stopping and calibration.
    knowable = rows["pre_trigger"].to_numpy() == 0
    tr, va, te = ds.split("train") & knowable, ds.split("val") & knowable, ds.split("test")
    print(f"train: {len(rows)} rows ({tr.sum()} train, {va.sum()} val, {te.sum()} test), {len(names)} features")

    keep_tr, w_tr_base, k_tr = calm_stride(rows[tr], args.max_calm_rows)
    Xtr, ytr = X[tr][keep_tr], y_all[tr][keep_tr]
    wtr = w_tr_base[keep_tr]
    cw = class_weights(ytr, wtr)
    keep_va, w_va_base, _ = calm_stride(rows[va], args.max_calm_rows // 3)
    Xva, yva = X[va][keep_va], y_all[va][keep_va]
    wva = w_va_base[keep_va]
    print(f"train rows used {len(ytr)} (calm stride {k_tr}), class weights {np.round(cw, 2).tolist()}")

    params = dict(
        objective="multiclass",
        num_class=K,
        learning_rate=args.learning_rate,
        num_leaves=args.num_leaves,
        min_data_in_leaf=args.min_data_in_leaf,
        feature_fraction=0.8,
        bagging_fraction=0.8,
        bagging_freq=1,
        lambda_l2=1.0,
        max_bin=255,
        num_threads=args.threads,
        seed=SEED,
        deterministic=True,
        force_row_wise=True,
        verbose=-1,
    )
    dtrain = lgb.Dataset(Xtr, ytr, weight=wtr * cw[ytr], feature_name=names, free_raw_data=False)
    dval = lgb.Dataset(Xva, yva, weight=wva * cw[yva], reference=dtrain)
    t0 = time.time()
    booster = lgb.train(
        params,
        dtrain,
        num_boost_round=args.rounds,
        valid_sets=[dval],
        valid_names=["val"],
        callbacks=[lgb.early_stopping(args.patience, verbose=False), lgb.log_evaluation(50)],
    )
    best = booster.best_iteration or args.rounds
    fit_s = time.time() - t0
    print(f"lightgbm: best iteration {best} in {fit_s:.0f} s")

    # Calibrate on the natural validation distribution (every row, no class weights): the class weights
    # tilt the raw scores towards the rare classes, the biases take that tilt back out.
    zva = booster.predict(X[va], num_iteration=best, raw_score=True)
    yva_all = y_all[va]
    p_raw = softmax(zva, axis=1)
    f1_raw, _, rec_raw = macro_f1(yva_all, p_raw.argmax(1))
    fit_rows = slice(None, None, max(1, len(yva_all) // 250_000))  # a strided subset keeps the fit quick
    t_vec, b_vec = fit_vector_scaling(zva[fit_rows], yva_all[fit_rows])
    t_temp = fit_temperature(zva[fit_rows], yva_all[fit_rows])
    p_vec = softmax(zva / t_vec + b_vec, axis=1)
    f1_vec, _, rec_vec = macro_f1(yva_all, p_vec.argmax(1))
    # The biases undo the class weights' tilt towards the rare classes, which can cost their recall; a
    # missed Alarm is worse than a false Watch, so keep them only if recall and macro-F1 survive.
    use_vec = f1_vec >= f1_raw - 0.005 and all(rec_vec[k] >= rec_raw[k] - 0.01 for k in (2, 3, 4))
    t_cal, b_cal = (t_vec, b_vec) if use_vec else (t_temp, np.zeros(K))
    cal_method = "vector scaling" if use_vec else "temperature scaling"
    cal = bake_calibration(booster, best, t_cal, b_cal)
    p_cal = cal.predict(X[va])
    if not np.array_equal(cal.predict(X[va], pred_leaf=True), booster.predict(X[va], num_iteration=best, pred_leaf=True)):
        raise SystemExit("snapping the thresholds to float32 changed a decision")
    if not np.allclose(p_cal, softmax(zva / t_cal + b_cal, axis=1), atol=1e-6):
        raise SystemExit("baked calibration does not reproduce softmax(z/T + b)")
    f1_cal, _, rec_cal = macro_f1(yva_all, p_cal.argmax(1))
    print(f"calibration: {cal_method}, T={t_cal:.3f} b={np.round(b_cal, 3).tolist()}")
    print(f"  vector scaling would give macro-F1 {f1_vec:.4f}, recall {np.round(rec_vec, 3).tolist()}")
    print(f"  val NLL {nll(p_raw, yva_all):.4f} → {nll(p_cal, yva_all):.4f}; ECE {ece(p_raw, yva_all):.4f} → {ece(p_cal, yva_all):.4f}; macro-F1 {f1_raw:.4f} → {f1_cal:.4f}")
    print(f"  val recall raw {np.round(rec_raw, 3).tolist()} calibrated {np.round(rec_cal, 3).tolist()}")

    # Size budget: a tree ensemble grows linearly with rounds; drop the last rounds if over 2 MB.
    n_iter = cal.num_trees() // K
    while True:
        model = export_onnx(cal if n_iter == cal.num_trees() // K else trimmed, len(names))
        size = len(model.SerializeToString())
        if size <= MAX_ONNX_BYTES:
            break
        n_iter = int(n_iter * MAX_ONNX_BYTES / size * 0.97)
        trimmed = lgb.Booster(model_str=cal.model_to_string(num_iteration=n_iter))
        print(f"onnx {size} bytes > {MAX_ONNX_BYTES}: keeping {n_iter} rounds")
    final = cal if n_iter == cal.num_trees() // K else trimmed

    # Parity gate: onnxruntime must reproduce LightGBM's probabilities, NaN rows included.
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(SEED)
    te_idx = np.flatnonzero(te)
    check_idx = np.sort(rng.choice(te_idx, size=min(len(te_idx), 20_000), replace=False))
    Xc = X[check_idx]
    lab_onnx, p_onnx = sess.run(None, {INPUT_NAME: Xc})
    p_lgb = final.predict(Xc)
    max_diff = float(np.abs(p_onnx - p_lgb).max())
    label_agree = float(np.mean(lab_onnx == p_lgb.argmax(1)))
    print(f"parity onnxruntime vs lightgbm on {len(check_idx)} test rows: max |Δp| {max_diff:.2e}, labels {label_agree:.5f}")
    if max_diff > 1e-5:
        raise SystemExit(f"ONNX export does not match LightGBM to 1e-5 (max {max_diff})")

    # Parity file for the station's onnxruntime-node test: test rows of every class, some with NaN.
    y_te = y_all[te_idx]
    per_class = PARITY_ROWS // K
    pick = []
    for k in range(K):
        cand = te_idx[y_te == k]
        if len(cand):
            pick.extend(rng.choice(cand, size=min(per_class, len(cand)), replace=False).tolist())
    nan_rows = te_idx[np.isnan(X[te_idx]).any(axis=1)]
    if len(nan_rows):
        pick.extend(rng.choice(nan_rows, size=min(PARITY_ROWS - len(pick), len(nan_rows), 20), replace=False).tolist())
    rest = np.setdiff1d(te_idx, pick)
    if len(pick) < PARITY_ROWS and len(rest):
        pick.extend(rng.choice(rest, size=min(PARITY_ROWS - len(pick), len(rest)), replace=False).tolist())
    pick = np.array(sorted(set(pick)))
    parity = {
        "note": "features: test-split rows (null = NaN = missing); probabilities: LightGBM predict_proba of the shipped model",
        "featureSetVersion": ds.manifest["featureSetVersion"],
        "features": [[None if np.isnan(v) else float(v) for v in row] for row in X[pick]],
        "probabilities": [[float(v) for v in row] for row in final.predict(X[pick])],
    }

    lo = np.nanpercentile(X[tr], 0.1, axis=0)
    hi = np.nanpercentile(X[tr], 99.9, axis=0)
    spec = {f["name"]: f for f in ds.manifest["featureSpec"]}
    created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    version = f"risk-{ds.manifest['featureSetVersion']}-{created[:10].replace('-', '')}-{ds.manifest_sha256[:8]}"
    importance = final.feature_importance(importance_type="gain")
    card = {
        "modelVersion": version,
        "featureSetVersion": ds.manifest["featureSetVersion"],
        "classes": CLASSES,
        "severity": {"Normal": "none", "Watch": "low", "Warning": "medium", "Alarm": "high", "Runaway": "critical"},
        "input": {"name": INPUT_NAME, "dtype": "float32", "shape": ["N", len(names)], "missing": "NaN"},
        "outputs": {"label": "label", "probabilities": "probabilities"},
        "features": [
            {
                "name": n,
                "unit": spec[n]["unit"],
                "doc": spec[n]["doc"],
                "min": None if np.isnan(lo[i]) else float(lo[i]),
                "max": None if np.isnan(hi[i]) else float(hi[i]),
                "importanceGain": float(importance[i]),
            }
            for i, n in enumerate(names)
        ],
        "featureRange": "min/max = 0.1 and 99.9 percentiles of the training rows (NaN ignored)",
        "labelDefinition": ds.manifest["labelDefinition"],
        "algorithm": {
            "library": f"lightgbm {lgb.__version__}",
            "objective": "multiclass (softmax), sqrt-balanced class weights, early stopping on validation runs",
            "params": {k: v for k, v in params.items() if k not in ("verbose", "num_threads")},
            "rounds": int(n_iter),
            "classWeights": [float(v) for v in cw],
            "calibration": {
                "method": f"{cal_method} on the raw scores (NLL on every validation row), baked into the leaf values; vector scaling (per-class biases too) is used only if it keeps macro-F1 and the Warning/Alarm/Runaway recall on validation",
                "temperature": t_cal,
                "bias": [float(v) for v in b_cal],
            },
            "export": f"onnxmltools {onnxmltools.__version__}, ai.onnx.ml TreeEnsembleClassifier, no ZipMap, opset 15",
        },
        "trainingData": {
            "manifestSha256": ds.manifest_sha256,
            "files": ds.manifest["files"],
            "generator": "npm run dataset (tools/dataset/dataset.ts)",
            "masterSeed": ds.manifest["masterSeed"],
            "size": ds.manifest["size"],
            "rows": int(len(rows)),
            "runs": len(ds.manifest["runs"]),
            "countsByClass": ds.manifest["counts"]["byClass"],
            "countsBySplit": ds.manifest["counts"]["bySplit"],
            "trainRowsUsed": int(len(ytr)),
            "calmRowStride": int(k_tr),
            "preTriggerRowsLeftOut": int((~knowable & (ds.split("train") | ds.split("val"))).sum()),
        },
        "metrics": {
            "validation": {
                "macroF1Raw": f1_raw,
                "macroF1Calibrated": f1_cal,
                "recallCalibrated": rec_cal,
                "nllRaw": nll(p_raw, yva_all),
                "nllCalibrated": nll(p_cal, yva_all),
                "eceRaw": ece(p_raw, yva_all),
                "eceCalibrated": ece(p_cal, yva_all),
            },
            "onnxParity": {"rows": int(len(check_idx)), "maxAbsProbDiff": max_diff, "labelAgreement": label_agree},
        },
        "modelBytes": size,
        "trainingSeconds": round(time.time() - t_start, 1),
        "createdAt": created,
    }

    onnx.save(model, out / "risk-model.onnx")
    (out / "risk-model.lgb.txt").write_text(final.model_to_string())
    (out / "risk-model.parity.json").write_text(json.dumps(parity) + "\n")
    (out / "risk-model.card.json").write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out / 'risk-model.onnx'} ({size} bytes, {n_iter} rounds), card, parity ({len(pick)} rows)")
    print(f"train: done in {time.time() - t_start:.0f} s")


if __name__ == "__main__":
    main()
