"""Evaluates the exported risk model (the ONNX file the station runs, via onnxruntime) on the held-out runs.

Writes eval-report.json, eval-report.md and PNG figures, and copies the headline test figures into the
model card. Every figure is reported raw (the model's label per second) and with the station's hysteresis
(escalate at once; de-escalate only after the lower classes held for HOLD_S seconds).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort

sys.path.insert(0, str(Path(__file__).resolve().parent))
from risk_data import CLASSES, load_dataset  # noqa: E402

K = len(CLASSES)
WATCH, WARNING, ALARM, RUNAWAY = 1, 2, 3, 4
HOLD_S = 10
TARGETS = {
    "macroF1": 0.95,
    "runawayRecallWithin3s": 0.99,
    "warnedAtLeast5MinShare": 0.95,
    "falseAlarmsPer1000h": 1.0,
}
FALSE_ALARM_SCENARIOS = ("normal-cycling", "sensor-faults")


def hysteresis(pred: np.ndarray, t: np.ndarray, hold_s: int = HOLD_S) -> np.ndarray:
    """Escalate at once; step down to the highest class of the last hold_s seconds once all of it was lower."""
    out = np.empty_like(pred)
    state = int(pred[0])
    low_since = None
    for i in range(len(pred)):
        p = int(pred[i])
        if i and t[i] - t[i - 1] > hold_s:
            state, low_since = p, None
        if p >= state:
            state, low_since = p, None
        else:
            if low_since is None:
                low_since = i
            if t[i] - t[low_since] >= hold_s - 1:
                state = int(pred[low_since : i + 1].max())
                low_since = None if p >= state else i
        out[i] = state
    return out


def predict(sess, input_name: str, X: np.ndarray, rows):
    """ONNX probabilities, the raw class, the class after hysteresis, and the per-cell sequences."""
    probs = np.empty((len(X), K), dtype=np.float32)
    for a in range(0, len(X), 200_000):
        _, probs[a : a + 200_000] = sess.run(None, {input_name: X[a : a + 200_000]})
    raw = probs.argmax(1)
    # Per-cell sequences in time order.
    order = np.lexsort((rows["t_s"].to_numpy(), rows["cell"].to_numpy(), rows["run_id"].to_numpy()))
    hyst = np.empty_like(raw)
    key = rows["run_id"].to_numpy()[order] + "#" + rows["cell"].astype(str).to_numpy()[order]
    bounds = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1], [True]]))
    t_sorted = rows["t_s"].to_numpy()[order]
    for a, b in zip(bounds[:-1], bounds[1:]):
        hyst[order[a:b]] = hysteresis(raw[order[a:b]], t_sorted[a:b])
    return probs, raw, hyst, (order, bounds, t_sorted)


def count_false_alarms(rows, raw, hyst, seqs, mask) -> dict:
    """Episodes of Warning-or-higher (rising edges per cell sequence) over the rows in mask."""
    order, bounds, t_sorted = seqs
    out = {"cellHours": float(mask.sum() / 3600)}
    out["rigHours"] = float(rows[mask].groupby("run_id")["t_s"].max().sum() / 3600) if mask.any() else 0.0
    for name, pred in (("raw", raw), ("hysteresis", hyst)):
        episodes = 0
        for a, b in zip(bounds[:-1], bounds[1:]):
            seg = order[a:b]
            if mask[seg[0]]:
                episodes += rising_edges(pred[seg], t_sorted[a:b], WARNING)
        out[name] = episodes
    return out


def rates(counts: dict) -> dict:
    ch, rh = counts["cellHours"], counts["rigHours"]
    res = {"cellHours": ch, "rigHours": rh}
    for name in ("raw", "hysteresis"):
        e = counts[name]
        res[name] = {
            "episodes": e,
            "perThousandCellHours": 1000 * e / ch if ch else None,
            "perThousandRigHours": 1000 * e / rh if rh else None,
            # Poisson 95 % upper bound (exact for 0 events: 3.0; normal approximation above).
            "upper95PerThousandCellHours": 1000 * (3.0 if e == 0 else e + 1.96 * math.sqrt(e)) / ch if ch else None,
        }
    return res


def confusion(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    m = np.zeros((K, K), dtype=np.int64)
    np.add.at(m, (y, p), 1)
    return m


def class_metrics(m: np.ndarray) -> dict:
    prec, rec, f1 = [], [], []
    for k in range(K):
        tp = m[k, k]
        p = tp / m[:, k].sum() if m[:, k].sum() else 0.0
        r = tp / m[k, :].sum() if m[k, :].sum() else float("nan")
        prec.append(float(p))
        rec.append(float(r))
        f1.append(float(0.0 if (p + r == 0 or math.isnan(r)) else 2 * p * r / (p + r)))
    present = [f1[k] for k in range(K) if m[k, :].sum()]
    return {
        "confusion": m.tolist(),
        "precision": dict(zip(CLASSES, prec)),
        "recall": dict(zip(CLASSES, rec)),
        "f1": dict(zip(CLASSES, f1)),
        "macroF1": float(np.mean(present)),
        "accuracy": float(np.trace(m) / m.sum()),
    }


def rising_edges(pred: np.ndarray, t: np.ndarray, level: int) -> int:
    on = pred >= level
    starts = on & ~np.concatenate([[False], on[:-1]])
    # A gap in the rows (a lost frame) does not start a new episode if the class stayed up.
    return int(starts.sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="models/data")
    ap.add_argument("--model-dir", default="models")
    ap.add_argument("--report-dir", default=None, help="default: the model dir")
    ap.add_argument("--split", default="test")
    ap.add_argument("--no-plots", action="store_true")
    ap.add_argument("--fa-data", default=None, help="extra held-out normal/sensor-fault runs (npm run dataset -- --false-alarm)")
    args = ap.parse_args()
    mdir = Path(args.model_dir)
    rdir = Path(args.report_dir or mdir)
    rdir.mkdir(parents=True, exist_ok=True)

    card_path = mdir / "risk-model.card.json"
    card = json.loads(card_path.read_text())
    ds = load_dataset(args.data)
    if ds.manifest["featureNames"] != [f["name"] for f in card["features"]]:
        raise SystemExit("dataset and model use different feature sets")
    sel = ds.split(args.split)
    rows = ds.rows[sel].reset_index(drop=True)
    X = ds.X[sel]
    y = rows["label"].to_numpy().astype(np.int64)

    sess = ort.InferenceSession(str(mdir / "risk-model.onnx"), providers=["CPUExecutionProvider"])
    probs, raw, hyst, seqs = predict(sess, card["input"]["name"], X, rows)

    report: dict = {
        "model": card["modelVersion"],
        "split": args.split,
        "rows": int(len(rows)),
        "runs": int(rows["run_id"].nunique()),
        "hysteresisHoldS": HOLD_S,
        "targets": TARGETS,
        "raw": class_metrics(confusion(y, raw)),
        "hysteresis": class_metrics(confusion(y, hyst)),
    }
    # The same without the rows labelled from an onset whose cause had not happened yet (pre_trigger).
    kn = rows["pre_trigger"].to_numpy() == 0
    report["knowableRows"] = int(kn.sum())
    report["rawKnowable"] = class_metrics(confusion(y[kn], raw[kn]))
    report["hysteresisKnowable"] = class_metrics(confusion(y[kn], hyst[kn]))

    # Per runaway event (a cell with a GB onset inside the written rows of a held-out run).
    runs = {r["id"]: r for r in ds.manifest["runs"]}
    events = []
    for run_id in rows["run_id"].unique():
        spec = runs[run_id]
        for o in spec["onsets"]:
            if o["onsetS"] is None:
                continue
            m = (rows["run_id"] == run_id).to_numpy() & (rows["cell"] == o["cell"]).to_numpy()
            idx = np.flatnonzero(m)
            idx = idx[np.argsort(rows["t_s"].to_numpy()[idx])]
            t = rows["t_s"].to_numpy()[idx]
            onset = o["onsetS"]
            ev = {
                "run": run_id,
                "scenario": spec["scenario"],
                "chemistry": spec["chemistry"],
                "cell": o["cell"],
                "onsetS": onset,
                "ownRunaway": o["ownRunaway"],
                "selfHeatingPhaseS": o.get("selfHeatingPhaseS"),
            }
            for name, pred in (("raw", raw), ("hysteresis", hyst)):
                p = pred[idx]
                after = (t >= onset) & (t <= onset + 3)
                ev[f"{name}RunawayWithin3s"] = bool(np.any(p[after] == RUNAWAY))
                det = np.flatnonzero((t >= onset) & (p == RUNAWAY))
                ev[f"{name}RunawayDelayS"] = int(t[det[0]] - onset) if len(det) else None
                # Lead time: the uninterrupted Warning-or-higher stretch that reaches the onset.
                before = np.flatnonzero(t < onset)
                lead = 0
                if len(before):
                    j = before[-1]
                    if t[j] == onset - 1 and p[j] >= WARNING:
                        while j > 0 and p[j - 1] >= WARNING and t[j] - t[j - 1] <= HOLD_S:
                            j -= 1
                        lead = int(onset - t[j])
                ev[f"{name}LeadS"] = lead
                last = np.flatnonzero(t < onset)
                ev[f"{name}AlarmAtOnset"] = bool(len(last) and p[last[-1]] >= ALARM)
                win = np.flatnonzero((t < onset) & (t >= onset - 3600) & (p >= WARNING))
                ev[f"{name}FirstWarningLeadS"] = int(onset - t[win[0]]) if len(win) else 0
            events.append(ev)
    report["events"] = events

    def share(evs, key, cond):
        return float(np.mean([cond(e[key]) for e in evs])) if evs else None

    sh = [e for e in events if e["selfHeatingPhaseS"] is not None and e["selfHeatingPhaseS"] >= 300]
    summary = {"events": len(events), "selfHeatingEvents": len(sh)}
    for name in ("raw", "hysteresis"):
        leads = np.array([e[f"{name}LeadS"] for e in events]) if events else np.array([])
        summary[name] = {
            "runawayRecallWithin3s": share(events, f"{name}RunawayWithin3s", bool),
            "warnedAtLeast5MinShare": share(sh, f"{name}LeadS", lambda v: v >= 300),
            "warnedAtLeast5MinShareAllEvents": share(events, f"{name}LeadS", lambda v: v >= 300),
            "alarmOrHigherJustBeforeOnsetShare": share(events, f"{name}AlarmAtOnset", bool),
            "runawayWithin10sShare": share(events, f"{name}RunawayDelayS", lambda v: v is not None and v <= 10),
            "leadTimeS": {
                "median": float(np.median(leads)) if len(leads) else None,
                "p10": float(np.percentile(leads, 10)) if len(leads) else None,
                "min": float(leads.min()) if len(leads) else None,
            },
        }
    report["eventSummary"] = summary

    # False alarms: episodes of Warning-or-higher over the normal and sensor-fault runs (no onsets there),
    # from the test split and, if given, the separate false-alarm set (long held-out runs of the same kind).
    fa_mask = rows["scenario"].isin(FALSE_ALARM_SCENARIOS).to_numpy()
    counts = count_false_alarms(rows, raw, hyst, seqs, fa_mask)
    fa = {"scenarios": list(FALSE_ALARM_SCENARIOS), "testSplit": rates(counts)}
    if args.fa_data:
        fds = load_dataset(args.fa_data)
        frows = fds.rows.reset_index(drop=True)
        _, fraw, fhyst, fseqs = predict(sess, card["input"]["name"], fds.X, frows)
        fmask = frows["scenario"].isin(FALSE_ALARM_SCENARIOS).to_numpy()
        fc = count_false_alarms(frows, fraw, fhyst, fseqs, fmask)
        fa["falseAlarmSet"] = rates(fc) | {"manifestSha256": fds.manifest_sha256, "runs": len(fds.manifest["runs"])}
        counts = {k: counts[k] + fc[k] for k in counts}
    fa |= rates(counts)
    report["falseAlarms"] = fa

    # Per scenario macro view: recall of the classes present.
    per_scn = {}
    for scn in sorted(rows["scenario"].unique()):
        m = (rows["scenario"] == scn).to_numpy()
        per_scn[scn] = {"rows": int(m.sum()), "accuracy": float(np.mean(raw[m] == y[m])), "accuracyHysteresis": float(np.mean(hyst[m] == y[m]))}
    report["perScenario"] = per_scn

    headline = {
        "macroF1": report["raw"]["macroF1"],
        "macroF1Hysteresis": report["hysteresis"]["macroF1"],
        "macroF1Knowable": report["rawKnowable"]["macroF1"],
        "macroF1KnowableHysteresis": report["hysteresisKnowable"]["macroF1"],
        "runawayRecallWithin3s": summary["raw"]["runawayRecallWithin3s"],
        "warnedAtLeast5MinShare": summary["hysteresis"]["warnedAtLeast5MinShare"],
        "falseAlarmsPer1000CellHours": fa["hysteresis"]["perThousandCellHours"],
        "falseAlarmsPer1000CellHoursRaw": fa["raw"]["perThousandCellHours"],
        "events": len(events),
        "selfHeatingEvents": len(sh),
    }
    report["headline"] = headline
    (rdir / "eval-report.json").write_text(json.dumps(report, indent=1) + "\n")

    figs = [] if args.no_plots else plots(rdir, report, rows, y, raw, hyst, X, ds.feature_names, events)
    (rdir / "eval-report.md").write_text(markdown(report, figs))
    card["metrics"]["test"] = headline | {
        "rows": report["rows"],
        "runs": report["runs"],
        "recallRaw": report["raw"]["recall"],
        "precisionRaw": report["raw"]["precision"],
        "falseAlarmCellHours": fa["cellHours"],
        "report": "eval-report.json",
    }
    card_path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(headline, indent=1))


def plots(rdir, report, rows, y, raw, hyst, X, names, events) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = []
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.6))
    for ax, name in zip(axes, ("raw", "hysteresis")):
        m = np.array(report[name]["confusion"], dtype=float)
        norm = m / np.maximum(m.sum(1, keepdims=True), 1)
        ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
        for i in range(K):
            for j in range(K):
                ax.text(j, i, f"{int(m[i, j])}\n{norm[i, j]:.2f}", ha="center", va="center", fontsize=7,
                        color="white" if norm[i, j] > 0.6 else "black")
        ax.set_xticks(range(K), CLASSES, rotation=30)
        ax.set_yticks(range(K), CLASSES)
        ax.set_xlabel("predicted")
        ax.set_ylabel("label")
        ax.set_title(f"{name}: macro-F1 {report[name]['macroF1']:.3f}")
    fig.tight_layout()
    fig.savefig(rdir / "eval-confusion.png", dpi=110)
    plt.close(fig)
    out.append("eval-confusion.png")

    if events:
        fig, ax = plt.subplots(figsize=(7, 4))
        leads = [e["hysteresisLeadS"] / 60 for e in events]
        ax.hist(leads, bins=30, color="#c0392b")
        ax.axvline(5, color="k", ls="--", label="5 min")
        ax.set_xlabel("lead time, Warning-or-higher held up to the GB onset (min)")
        ax.set_ylabel("runaway events")
        ax.legend()
        fig.tight_layout()
        fig.savefig(rdir / "eval-lead-times.png", dpi=110)
        plt.close(fig)
        out.append("eval-lead-times.png")

        # One self-heating event as a timeline: temperature, label and prediction.
        cand = [e for e in events if e["scenario"] in ("oven", "internal-short", "overcharge")] or events
        e = cand[len(cand) // 2]
        m = (rows["run_id"] == e["run"]).to_numpy() & (rows["cell"] == e["cell"]).to_numpy()
        idx = np.flatnonzero(m)
        t = rows["t_s"].to_numpy()[idx] - e["onsetS"]
        keep = t >= -4000
        idx, t = idx[keep], t[keep] / 60
        fig, ax1 = plt.subplots(figsize=(9, 4))
        ax1.plot(t, X[idx, names.index("temp_c")], color="#e67e22", lw=1)
        ax1.set_ylabel("cell temperature (°C)")
        ax1.set_xlabel("minutes from the GB onset")
        ax2 = ax1.twinx()
        ax2.step(t, y[idx], where="post", color="k", lw=1.5, label="label")
        ax2.step(t, hyst[idx], where="post", color="#2980b9", lw=1, label="model (hysteresis)")
        ax2.set_yticks(range(K), CLASSES)
        ax2.legend(loc="upper left")
        ax1.set_title(f"{e['run']} cell {e['cell']} ({e['chemistry']})")
        fig.tight_layout()
        fig.savefig(rdir / "eval-timeline.png", dpi=110)
        plt.close(fig)
        out.append("eval-timeline.png")
    return out


def fmt(v, pct=False):
    if v is None:
        return "–"
    return f"{100 * v:.1f} %" if pct else f"{v:.3f}"


def markdown(r: dict, figs: list[str]) -> str:
    h, es, fa = r["headline"], r["eventSummary"], r["falseAlarms"]
    lines = [
        f"# Risk model evaluation — {r['model']}",
        "",
        f"Held-out runs (split `{r['split']}`): {r['runs']} runs, {r['rows']} cell-seconds. Hysteresis = escalate at once, "
        f"de-escalate after {r['hysteresisHoldS']} s of lower classes (as the station does).",
        "",
        "| metric | target | raw | with hysteresis |",
        "|---|---|---|---|",
        f"| macro-F1, all rows | ≥ 0.95 | {fmt(r['raw']['macroF1'])} | {fmt(r['hysteresis']['macroF1'])} |",
        f"| macro-F1 without pre-trigger rows ({r['knowableRows']} rows) | – | {fmt(r['rawKnowable']['macroF1'])} | {fmt(r['hysteresisKnowable']['macroF1'])} |",
        f"| Runaway recall within 3 s of onset ({es['events']} events) | ≥ 99 % | {fmt(es['raw']['runawayRecallWithin3s'], True)} | {fmt(es['hysteresis']['runawayRecallWithin3s'], True)} |",
        f"| warned ≥ 5 min ahead, events with a self-heating phase ({es['selfHeatingEvents']}) | ≥ 95 % | {fmt(es['raw']['warnedAtLeast5MinShare'], True)} | {fmt(es['hysteresis']['warnedAtLeast5MinShare'], True)} |",
        f"| Runaway within 10 s of onset | – | {fmt(es['raw']['runawayWithin10sShare'], True)} | {fmt(es['hysteresis']['runawayWithin10sShare'], True)} |",
        f"| Alarm or higher in the second before onset | – | {fmt(es['raw']['alarmOrHigherJustBeforeOnsetShare'], True)} | {fmt(es['hysteresis']['alarmOrHigherJustBeforeOnsetShare'], True)} |",
        f"| warned ≥ 5 min ahead, all events | – | {fmt(es['raw']['warnedAtLeast5MinShareAllEvents'], True)} | {fmt(es['hysteresis']['warnedAtLeast5MinShareAllEvents'], True)} |",
        f"| false alarms (Warning+) per 1000 cell-hours, {', '.join(fa['scenarios'])} ({fa['cellHours']:.0f} cell-h) | ≤ 1 | {fmt(fa['raw']['perThousandCellHours'])} | {fmt(fa['hysteresis']['perThousandCellHours'])} (95 % upper {fmt(fa['hysteresis']['upper95PerThousandCellHours'])}) |",
        f"| false alarms per 1000 rig-hours ({fa['rigHours']:.0f} rig-h) | – | {fmt(fa['raw']['perThousandRigHours'])} | {fmt(fa['hysteresis']['perThousandRigHours'])} |",
        "",
        "## Per class (raw)",
        "",
        "| class | precision | recall | F1 |",
        "|---|---|---|---|",
    ]
    for c in CLASSES:
        lines.append(f"| {c} | {fmt(r['raw']['precision'][c])} | {fmt(r['raw']['recall'][c])} | {fmt(r['raw']['f1'][c])} |")
    lines += ["", "Confusion matrix (rows = label, columns = prediction, raw):", "", "| | " + " | ".join(CLASSES) + " |",
              "|---" * (K + 1) + "|"]
    for c, row in zip(CLASSES, r["raw"]["confusion"]):
        lines.append(f"| {c} | " + " | ".join(str(v) for v in row) + " |")
    lines += ["", "## Runaway events", "", "| run | cell | own runaway | self-heating before onset (s) | lead (s, hysteresis) | Runaway after (s) |", "|---|---|---|---|---|---|"]
    for e in r["events"]:
        lines.append(
            f"| {e['run']} | {e['cell']} | {'yes' if e['ownRunaway'] else 'no (heated by a neighbour)'} | {e['selfHeatingPhaseS'] if e['selfHeatingPhaseS'] is not None else '–'} | {e['hysteresisLeadS']} | {e['rawRunawayDelayS'] if e['rawRunawayDelayS'] is not None else 'never'} |"
        )
    lines += ["", "## Figures", ""] + [f"![{f}]({f})" for f in figs] + [""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
