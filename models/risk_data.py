"""Reads a dataset written by `npm run dataset` (tools/dataset/dataset.ts) and checks it against its manifest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

CLASSES = ["Normal", "Watch", "Warning", "Alarm", "Runaway"]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Dataset:
    manifest: dict
    manifest_sha256: str
    X: np.ndarray  # float32 [rows, features], NaN = missing
    rows: pd.DataFrame  # run_id, scenario, split, cell, t_s, label, time_to_onset_s, pre_trigger, rule_class, cap, sensor_fault, rule_codes, outside_envelope
    feature_names: list[str]

    def split(self, name: str) -> np.ndarray:
        return (self.rows["split"] == name).to_numpy()


def load_dataset(data_dir: str | Path, verify: bool = True) -> Dataset:
    d = Path(data_dir)
    mpath = d / "manifest.json"
    if not mpath.exists():
        raise SystemExit(f"no dataset at {d}: run `npm run dataset` (or `npm run dataset -- --small --out {d}`)")
    manifest = json.loads(mpath.read_text())
    if verify:
        for name, info in manifest["files"].items():
            got = sha256_file(d / name)
            if got != info["sha256"]:
                raise SystemExit(f"{d / name}: sha256 {got} does not match the manifest ({info['sha256']})")
    n, f = manifest["featuresFile"]["shape"]
    X = np.fromfile(d / "features.f32", dtype="<f4")
    if X.size != n * f:
        raise SystemExit(f"features.f32 holds {X.size} values, the manifest says {n} × {f}")
    X = X.reshape(n, f)
    rows = pd.read_csv(
        d / "rows.csv",
        dtype={
            "run_id": str,
            "scenario": str,
            "split": str,
            "cell": np.int16,
            "t_s": np.int32,
            "label": np.int8,
            "pre_trigger": np.int8,
            "rule_class": np.int8,
            "cap": np.int8,
            "sensor_fault": np.int8,
            "outside_envelope": np.int8,
        },
    )
    if len(rows) != n:
        raise SystemExit(f"rows.csv has {len(rows)} rows, features.f32 {n}")
    return Dataset(manifest, sha256_file(mpath), X, rows, list(manifest["featureNames"]))


def onset_bins(rows: pd.DataFrame, bins: list[dict]) -> np.ndarray:
    """Each row's onset bin from its time to onset, by the manifest's bin edges (the dataset's labels
    are the same edges summed into classes; the onset itself comes from the dataset, never from here)."""
    tto = rows["time_to_onset_s"].to_numpy(dtype=float)
    out = np.full(len(rows), len(bins) - 1, dtype=np.int64)
    known = np.isfinite(tto)
    for b in range(len(bins) - 1, -1, -1):
        up = bins[b]["upperS"]
        if up is None:
            continue
        out[known & (tto <= up)] = b
    return out
