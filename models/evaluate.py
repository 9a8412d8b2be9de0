"""Evaluates the exported risk model (the ONNX file the station runs, via onnxruntime) on held-out runs.

Three views of every cell-second, all from what the dataset recorded with the station's own code:
  model     the model's class by the card's thresholds, capped by the escalation gate, after the
            station's hysteresis: what the model alone would show;
  rules     the class the safety rules' findings hold the cell at (rule_class);
  station   the larger of the two: what the operator sees (rules + model + hysteresis).
The onset of every cell is the one the dataset found with the station's runaway rule; nothing here
re-implements a feature, a rule or the onset.

False alarms (Warning or higher, episodes) are counted over every cell that has no onset at all (not in
its rows, not within the horizon after them), per scenario, on the test split and on the false-alarm sets
(--fa-data, one per fresh seed), with a 95 % interval from resampling whole runs. Writes eval-report.json,
eval-report.md and PNG figures, and copies the headline figures into the model card.
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
from risk_decision import ALARM, RUNAWAY, WARNING, cell_sequences, decide, hold_of, hysteresis, time_to_onset  # noqa: E402

K = len(CLASSES)
# The card's hysteresis hold (risk_decision.hold_of), set by main() before any view is built.
HOLD_S = 10
# The alarm book's clear hold (safety/alarm-book.ts CLEAR_HOLD_MS): a condition back within it is the same alarm.
CLEAR_HOLD_S = 5
TARGETS = {
    "macroF1": 0.95,
    "runawayWithin3s": 0.99,
    "warnedAtLeast5MinShare": 0.95,
    "falseAlarmsPer1000CellHours": 1.0,
}
BOOT = 2000


def predict(sess, input_name: str, X: np.ndarray) -> np.ndarray:
    out = []
    for a in range(0, len(X), 200_000):
        out.append(sess.run(None, {input_name: X[a : a + 200_000]})[1])
    return np.concatenate(out) if out else np.zeros((0, 8), dtype=np.float32)


class Views:
    """Per-row classes of the three views, and the cell sequences in time order."""

    def __init__(self, rows, probs, card):
        th = card["decision"]["thresholds"]
        self.bins = card["onsetBins"]
        decided = decide(probs, self.bins, th)
        capped = np.minimum(decided, rows["cap"].to_numpy())
        self.raw = capped
        self.order, self.bounds = cell_sequences(rows)
        t = rows["t_s"].to_numpy()
        model = np.empty_like(capped)
        for a, b in zip(self.bounds[:-1], self.bounds[1:]):
            seg = self.order[a:b]
            model[seg] = hysteresis(capped[seg], t[seg], HOLD_S)
        self.model = model
        self.rules = rows["rule_class"].to_numpy().astype(np.int64)
        self.station = np.maximum(model, self.rules)
        self.tto_est = time_to_onset(probs, self.bins, card["horizonS"], card["decision"].get("ttoIntervalSpread", 1.0))


VIEWS = ("model", "station", "rules")
ENVELOPE_BITS = {"hot": 1, "overVoltage": 2, "underVoltage": 4}  # tools/dataset/simulate-run.ts ENVELOPE_BIT


def book_open(on: np.ndarray, t: np.ndarray, hold_s: float) -> np.ndarray:
    """Seconds the alarm book holds an alarm open for a condition that is `on` at these seconds: it
    clears only once the condition has been away for the clear hold, so a return within it is the
    same alarm (safety/alarm-book.ts)."""
    if hold_s <= 0 or not len(on):
        return on
    last = np.where(on, t, -np.inf)
    last = np.maximum.accumulate(last)
    return on | (t - last <= hold_s)


def starts(on: np.ndarray) -> np.ndarray:
    return np.flatnonzero(on & ~np.concatenate([[False], on[:-1]]))


def alarm_starts(v: "Views", seg: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """Where each view's Warning+ alarms begin, as the station's alarm book shows them. The model's class
    is already after the engine's hysteresis; its alarm then stays open through the book's clear hold.
    The rules' class is held like the book already (the dataset's rule_class). The station's alarm is
    open while either is."""
    tt = t[seg]
    model_open = book_open(v.model[seg] >= WARNING, tt, CLEAR_HOLD_S)
    rules_open = v.rules[seg] >= WARNING
    return {
        "model": starts(model_open),
        "rules": starts(rules_open),
        "station": starts(model_open | rules_open),
        # Before v4 the model's and station's episodes were counted without the book's hold.
        "modelUnmerged": starts(v.model[seg] >= WARNING),
        "stationUnmerged": starts(np.maximum(v.model[seg], v.rules[seg]) >= WARNING),
    }


def false_alarm_counts(rows, v: Views) -> list[dict]:
    """Per run: cell-hours of cells without an onset, and their Warning+ episodes in each view, all of
    them (strict) and those that began while the cell was inside its safe operating envelope by the
    simulator's truth (the rest are justified by the limits), with the cell-hours inside it."""
    tto = rows["time_to_onset_s"].to_numpy()
    run = rows["run_id"].to_numpy()
    scen = rows["scenario"].to_numpy()
    t = rows["t_s"].to_numpy()
    env = rows["outside_envelope"].to_numpy() if "outside_envelope" in rows else np.zeros(len(rows), dtype=np.int8)
    per_run: dict[str, dict] = {}
    for a, b in zip(v.bounds[:-1], v.bounds[1:]):
        seg = v.order[a:b]
        if np.isfinite(tto[seg]).any():
            continue
        r = per_run.get(run[seg[0]])
        if r is None:
            r = per_run[run[seg[0]]] = {"run": run[seg[0]], "scenario": scen[seg[0]], "cellHours": 0.0, "cellHoursInEnvelope": 0.0,
                                        "modelUnmerged": 0, "stationUnmerged": 0}
            for name in VIEWS:
                r[name] = r[f"{name}InEnvelope"] = 0
                r[f"{name}Justified"] = {k: 0 for k in ENVELOPE_BITS}
        e = env[seg]
        r["cellHours"] += len(seg) / 3600
        r["cellHoursInEnvelope"] += float((e == 0).sum()) / 3600
        for name, idx in alarm_starts(v, seg, t).items():
            r[name] += len(idx)
            if name not in VIEWS:
                continue
            r[f"{name}InEnvelope"] += int((e[idx] == 0).sum())
            for k, bit in ENVELOPE_BITS.items():
                r[f"{name}Justified"][k] += int(((e[idx] & bit) != 0).sum())
    return list(per_run.values())


def rate_with_ci(runs: list[dict], view: str, rng: np.random.Generator, hours: str = "cellHours") -> dict:
    h = np.array([r[hours] for r in runs])
    e = np.array([r[view] for r in runs], dtype=float)
    if not len(runs) or h.sum() == 0:
        return {"cellHours": float(h.sum()), "episodes": int(e.sum()), "perThousandCellHours": None, "ci95": [None, None]}
    idx = rng.integers(0, len(runs), size=(BOOT, len(runs)))
    boot = 1000 * e[idx].sum(1) / np.maximum(h[idx].sum(1), 1e-9)
    lo, hi = np.percentile(boot, [2.5, 97.5])
    # With no episode at all the resampling says 0–0: give the exact Poisson bound on the hours instead.
    if e.sum() == 0:
        hi = 1000 * 3.0 / h.sum()
    return {
        "cellHours": float(h.sum()),
        "runs": len(runs),
        "episodes": int(e.sum()),
        "perThousandCellHours": float(1000 * e.sum() / h.sum()),
        "ci95": [float(lo), float(hi)],
    }


def rates(runs: list[dict], rng) -> dict:
    """Strict (every Warning+ episode per cell-hour) and envelope (episodes that began inside the safe
    operating envelope per cell-hour inside it) figures of each view, and what justified the rest."""
    out = {view: rate_with_ci(runs, view, rng) for view in VIEWS}
    for view in VIEWS:
        out[view]["unmergedEpisodes"] = int(sum(r.get(f"{view}Unmerged", r[view]) for r in runs))
        out[view]["envelope"] = rate_with_ci(runs, f"{view}InEnvelope", rng, hours="cellHoursInEnvelope")
        out[view]["justifiedBy"] = {k: int(sum(r[f"{view}Justified"][k] for r in runs)) for k in ENVELOPE_BITS}
    return out


def false_alarm_summary(runs: list[dict], rng) -> dict:
    out = {"all": rates(runs, rng), "perScenario": {}}
    for scn in sorted({r["scenario"] for r in runs}):
        out["perScenario"][scn] = rates([r for r in runs if r["scenario"] == scn], rng)
    return out


def lead_of(pred: np.ndarray, t: np.ndarray, onset: float) -> tuple[int, int]:
    """(held lead, first lead): the Warning+ stretch without a break that reaches the onset, and the
    first Warning+ within the hour before it (s)."""
    before = np.flatnonzero(t < onset)
    held = 0
    if len(before):
        j = before[-1]
        if onset - t[j] <= 1 and pred[j] >= WARNING:
            while j > 0 and pred[j - 1] >= WARNING and t[j] - t[j - 1] <= HOLD_S:
                j -= 1
            held = int(onset - t[j])
    win = np.flatnonzero((t < onset) & (t >= onset - 3600) & (pred >= WARNING))
    return held, int(onset - t[win[0]]) if len(win) else 0


def event_table(rows, v: Views, manifest) -> list[dict]:
    runs = {r["id"]: r for r in manifest["runs"]}
    run = rows["run_id"].to_numpy()
    cell = rows["cell"].to_numpy()
    t_all = rows["t_s"].to_numpy()
    tto = rows["time_to_onset_s"].to_numpy()
    events = []
    for a, b in zip(v.bounds[:-1], v.bounds[1:]):
        seg = v.order[a:b]
        if not (np.isfinite(tto[seg]) & (tto[seg] <= 0)).any():
            continue
        spec = runs[run[seg[0]]]
        o = next(x for x in spec["onsets"] if x["cell"] == int(cell[seg[0]]))
        onset = o["onsetS"]
        t = t_all[seg]
        ev = {
            "run": spec["id"],
            "scenario": spec["scenario"],
            "chemistry": spec["chemistry"],
            "cell": int(cell[seg[0]]),
            "onsetS": onset,
            "truthOnsetS": o.get("truthOnsetS"),
            "criterion": o.get("criterion"),
            "ownRunaway": o["ownRunaway"],
            "selfHeatingPhaseS": o.get("selfHeatingPhaseS"),
        }
        for name in ("model", "rules", "station"):
            p = getattr(v, name)[seg]
            after = (t >= onset) & (t <= onset + 3)
            ev[f"{name}RunawayWithin3s"] = bool(np.any(p[after] == RUNAWAY))
            ev[f"{name}LeadS"], ev[f"{name}FirstWarningLeadS"] = lead_of(p, t, onset)
            last = np.flatnonzero(t < onset)
            ev[f"{name}AlarmAtOnset"] = bool(len(last) and p[last[-1]] >= ALARM)
        # Time-to-onset estimate against the truth, over the hour before the onset.
        pre = (tto[seg] > 0) & (tto[seg] <= 3600)
        est = v.tto_est[seg][pre]
        true = tto[seg][pre]
        ok = np.isfinite(est[:, 0])
        ev["ttoRows"] = int(pre.sum())
        ev["ttoEstimated"] = int(ok.sum())
        ev["ttoAbsErrS"] = [float(x) for x in np.abs(est[ok, 0] - true[ok])]
        ev["ttoTrueS"] = [float(x) for x in true[ok]]
        lo = np.nan_to_num(est[:, 1], nan=0.0)
        hi = np.nan_to_num(est[:, 2], nan=np.inf)
        ev["ttoCovered"] = int(((true >= lo) & (true <= hi) & ok).sum())
        events.append(ev)
    return events


def share(evs, key, cond):
    return float(np.mean([cond(e[key]) for e in evs])) if evs else None


def event_summary(events: list[dict]) -> dict:
    sh = [e for e in events if e["selfHeatingPhaseS"] is not None and e["selfHeatingPhaseS"] >= 300]
    s = {"events": len(events), "selfHeatingEvents": len(sh)}
    for name in ("model", "rules", "station"):
        leads = np.array([e[f"{name}LeadS"] for e in events]) if events else np.array([])
        first = np.array([e[f"{name}FirstWarningLeadS"] for e in sh]) if sh else np.array([])
        s[name] = {
            "runawayWithin3s": share(events, f"{name}RunawayWithin3s", bool),
            "warnedAtLeast5MinShare": share(sh, f"{name}LeadS", lambda x: x >= 300),
            "warnedAtLeast5MinShareAllEvents": share(events, f"{name}LeadS", lambda x: x >= 300),
            "alarmOrHigherJustBeforeOnset": share(events, f"{name}AlarmAtOnset", bool),
            "leadS": {
                "median": float(np.median(leads)) if len(leads) else None,
                "p5": float(np.percentile(leads, 5)) if len(leads) else None,
            },
            "selfHeatingFirstWarningLeadS": {
                "median": float(np.median(first)) if len(first) else None,
                "p5": float(np.percentile(first, 5)) if len(first) else None,
            },
        }
    err = np.concatenate([np.array(e["ttoAbsErrS"]) for e in events]) if events else np.array([])
    true = np.concatenate([np.array(e["ttoTrueS"]) for e in events]) if events else np.array([])
    rows = sum(e["ttoRows"] for e in events)
    s["timeToOnset"] = {
        "rows": rows,
        "estimatedShare": float(len(err) / rows) if rows else None,
        "medianAbsErrorS": float(np.median(err)) if len(err) else None,
        "medianAbsErrorLast15MinS": float(np.median(err[true <= 900])) if np.any(true <= 900) else None,
        "medianAbsErrorLast5MinS": float(np.median(err[true <= 300])) if np.any(true <= 300) else None,
        "interval80Coverage": float(sum(e["ttoCovered"] for e in events) / rows) if rows else None,
        # The figure an operator can check the interval by: it is shown only with an estimate.
        "interval80CoverageWhenShown": float(sum(e["ttoCovered"] for e in events) / len(err)) if len(err) else None,
    }
    return s


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
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="models/data")
    ap.add_argument("--model-dir", default="models")
    ap.add_argument("--report-dir", default=None, help="default: the model dir")
    ap.add_argument("--split", default="test")
    ap.add_argument("--no-plots", action="store_true")
    ap.add_argument("--fa-data", nargs="*", default=[], help="false-alarm sets, one per fresh seed (npm run dataset -- --false-alarm --seed N)")
    ap.add_argument("--measured", default=None, help="JSON from tools/measured-eval.ts, added to the report")
    args = ap.parse_args()
    mdir = Path(args.model_dir)
    rdir = Path(args.report_dir or mdir)
    rdir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(13)

    card_path = mdir / "risk-model.card.json"
    card = json.loads(card_path.read_text())
    global HOLD_S
    HOLD_S = hold_of(card)
    ds = load_dataset(args.data)
    if ds.manifest["featureNames"] != [f["name"] for f in card["features"]]:
        raise SystemExit("dataset and model use different feature sets")
    sess = ort.InferenceSession(str(mdir / "risk-model.onnx"), providers=["CPUExecutionProvider"])
    sel = ds.split(args.split)
    rows = ds.rows[sel].reset_index(drop=True)
    X = ds.X[sel]
    probs = predict(sess, card["input"]["name"], X)
    v = Views(rows, probs, card)
    y = rows["label"].to_numpy().astype(np.int64)
    kn = rows["pre_trigger"].to_numpy() == 0

    report: dict = {
        "model": card["modelVersion"],
        "split": args.split,
        "rows": int(len(rows)),
        "runs": int(rows["run_id"].nunique()),
        "hysteresisHoldS": HOLD_S,
        "thresholds": card["decision"]["thresholds"],
        "targets": TARGETS,
        "raw": class_metrics(confusion(y, v.raw)),
        "model": class_metrics(confusion(y, v.model)),
        "station": class_metrics(confusion(y, v.station)),
        "modelKnowable": class_metrics(confusion(y[kn], v.model[kn])),
        "knowableRows": int(kn.sum()),
    }
    report["model"] = card["modelVersion"]
    report["modelView"] = class_metrics(confusion(y, v.model))
    events = event_table(rows, v, ds.manifest)
    report["events"] = events
    report["eventSummary"] = event_summary(events)

    fa_runs_test = false_alarm_counts(rows, v)
    report["falseAlarmsTestSplit"] = false_alarm_summary(fa_runs_test, rng)
    fa_sets = []
    fa_runs_all: list[dict] = []
    for d in args.fa_data:
        fds = load_dataset(d)
        if fds.manifest["featureNames"] != ds.manifest["featureNames"]:
            raise SystemExit(f"{d}: another feature set")
        frows = fds.rows.reset_index(drop=True)
        fv = Views(frows, predict(sess, card["input"]["name"], fds.X), card)
        fr = false_alarm_counts(frows, fv)
        for r in fr:
            r["seed"] = fds.manifest["masterSeed"]
            r["run"] = f"{r['run']}@{r['seed']}"
        fa_runs_all += fr
        fe = event_table(frows, fv, fds.manifest)
        fa_sets.append({"dir": d, "seed": fds.manifest["masterSeed"], "manifestSha256": fds.manifest_sha256, "runs": len(fds.manifest["runs"]),
                        "summary": false_alarm_summary(fr, rng), "onsetCells": len(fe)})
    report["falseAlarmSets"] = fa_sets
    report["falseAlarms"] = false_alarm_summary(fa_runs_all, rng) if fa_runs_all else report["falseAlarmsTestSplit"]
    report["falseAlarmRuns"] = fa_runs_all
    if args.measured:
        report["measured"] = json.loads(Path(args.measured).read_text())

    es, fa = report["eventSummary"], report["falseAlarms"]["all"]
    headline = {
        "macroF1Model": report["modelView"]["macroF1"],
        "macroF1ModelKnowable": report["modelKnowable"]["macroF1"],
        "macroF1Station": report["station"]["macroF1"],
        "runawayWithin3sModel": es["model"]["runawayWithin3s"],
        "runawayWithin3sStation": es["station"]["runawayWithin3s"],
        "warnedAtLeast5MinShareModel": es["model"]["warnedAtLeast5MinShare"],
        "warnedAtLeast5MinShareStation": es["station"]["warnedAtLeast5MinShare"],
        "falseAlarmsPer1000CellHoursModel": fa["model"]["perThousandCellHours"],
        "falseAlarmsPer1000CellHoursModelCi95": fa["model"]["ci95"],
        "falseAlarmsPer1000CellHoursStation": fa["station"]["perThousandCellHours"],
        "falseAlarmsPer1000CellHoursStationCi95": fa["station"]["ci95"],
        "falseAlarmsEnvelopePer1000CellHoursModel": fa["model"]["envelope"]["perThousandCellHours"],
        "falseAlarmsEnvelopePer1000CellHoursModelCi95": fa["model"]["envelope"]["ci95"],
        "falseAlarmsEnvelopePer1000CellHoursStation": fa["station"]["envelope"]["perThousandCellHours"],
        "falseAlarmsEnvelopePer1000CellHoursStationCi95": fa["station"]["envelope"]["ci95"],
        "falseAlarmsEnvelopePer1000CellHoursRules": fa["rules"]["envelope"]["perThousandCellHours"],
        "falseAlarmsPer1000CellHoursRules": fa["rules"]["perThousandCellHours"],
        "falseAlarmCellHours": fa["model"]["cellHours"],
        "falseAlarmCellHoursInEnvelope": fa["model"]["envelope"]["cellHours"],
        "falseAlarmSeeds": [s["seed"] for s in fa_sets],
        "leadSModel": es["model"]["leadS"],
        "leadSStation": es["station"]["leadS"],
        "timeToOnset": es["timeToOnset"],
        "events": es["events"],
        "selfHeatingEvents": es["selfHeatingEvents"],
    }
    report["headline"] = headline
    # The per-second errors were for the summary; the report keeps one line per event, not 150,000 numbers.
    for e in events + [x for s in fa_sets for x in s.get("events", [])]:
        e.pop("ttoAbsErrS", None)
        e.pop("ttoTrueS", None)
    (rdir / "eval-report.json").write_text(json.dumps(report, indent=1) + "\n")
    figs = [] if args.no_plots else plots(rdir, report, rows, y, v, X, ds.feature_names, events)
    md_path = rdir / "eval-report.md"
    md_path.write_text(kept_served_section(markdown(report, figs), md_path.read_text() if md_path.exists() else "", report["model"]))
    card["metrics"]["test"] = headline | {"rows": report["rows"], "runs": report["runs"], "report": "eval-report.json"}
    card_path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(headline, indent=1))


def plots(rdir, report, rows, y, v: Views, X, names, events) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = []
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.6))
    for ax, name, title in zip(axes, ("modelView", "station"), ("model (thresholds, gate, hysteresis)", "station (model + rules)")):
        m = np.array(report[name]["confusion"], dtype=float)
        norm = m / np.maximum(m.sum(1, keepdims=True), 1)
        ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
        for i in range(K):
            for j in range(K):
                ax.text(j, i, f"{int(m[i, j])}\n{norm[i, j]:.2f}", ha="center", va="center", fontsize=7, color="white" if norm[i, j] > 0.6 else "black")
        ax.set_xticks(range(K), CLASSES, rotation=30)
        ax.set_yticks(range(K), CLASSES)
        ax.set_xlabel("shown")
        ax.set_ylabel("label")
        ax.set_title(f"{title}: macro-F1 {report[name]['macroF1']:.3f}", fontsize=9)
    fig.tight_layout()
    fig.savefig(rdir / "eval-confusion.png", dpi=110)
    plt.close(fig)
    out.append("eval-confusion.png")

    if events:
        fig, ax = plt.subplots(figsize=(8, 4))
        sh = [e for e in events if e["selfHeatingPhaseS"] is not None and e["selfHeatingPhaseS"] >= 300]
        bins = np.linspace(0, 60, 31)
        ax.hist([min(59.9, e["modelFirstWarningLeadS"] / 60) for e in sh], bins=bins, alpha=0.7, color="#2980b9", label="the model alone")
        ax.hist([min(59.9, e["rulesFirstWarningLeadS"] / 60) for e in sh], bins=bins, alpha=0.6, color="#c0392b", label="the limit rules alone")
        ax.axvline(5, color="k", ls="--", label="5 min")
        ax.set_xlabel("first Warning-or-higher before the onset (min), runaways with ≥ 5 min of self-heating")
        ax.set_ylabel("runaway events")
        ax.legend()
        fig.tight_layout()
        fig.savefig(rdir / "eval-lead-times.png", dpi=110)
        plt.close(fig)
        out.append("eval-lead-times.png")

        cand = [e for e in sh if e["scenario"] in ("oven", "internal-short", "overcharge")] or events
        e = cand[len(cand) // 2]
        m = (rows["run_id"] == e["run"]).to_numpy() & (rows["cell"] == e["cell"]).to_numpy()
        idx = np.flatnonzero(m)
        idx = idx[np.argsort(rows["t_s"].to_numpy()[idx])]
        t = (rows["t_s"].to_numpy()[idx] - e["onsetS"]) / 60
        keep = t >= -70
        idx, t = idx[keep], t[keep]
        fig, (ax1, ax3) = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True)
        ax1.plot(t, X[idx, names.index("temp_c")], color="#e67e22", lw=1)
        ax1.set_ylabel("cell temperature (°C)")
        ax2 = ax1.twinx()
        ax2.step(t, y[idx], where="post", color="k", lw=1.5, label="label")
        ax2.step(t, v.model[idx], where="post", color="#2980b9", lw=1, label="model")
        ax2.step(t, v.rules[idx], where="post", color="#c0392b", lw=1, ls=":", label="rules")
        ax2.set_yticks(range(K), CLASSES)
        ax2.legend(loc="upper left", fontsize=8)
        ax1.set_title(f"{e['run']} cell {e['cell']} ({e['chemistry']})")
        true = -t * 60
        est = v.tto_est[idx]
        ax3.plot(t, np.where(true <= 3600, true, np.nan) / 60, color="k", lw=1.5, label="true time to onset")
        ax3.plot(t, est[:, 0] / 60, color="#2980b9", lw=1, label="estimate (median)")
        ax3.fill_between(t, np.nan_to_num(est[:, 1], nan=np.nan) / 60, np.nan_to_num(est[:, 2], nan=3600) / 60, color="#2980b9", alpha=0.2, label="80 % interval")
        ax3.set_ylim(0, 62)
        ax3.set_ylabel("time to onset (min)")
        ax3.set_xlabel("minutes from the onset")
        ax3.legend(loc="upper right", fontsize=8)
        fig.tight_layout()
        fig.savefig(rdir / "eval-timeline.png", dpi=110)
        plt.close(fig)
        out.append("eval-timeline.png")

    ps = report["falseAlarms"]["perScenario"]
    if ps:
        fig, ax = plt.subplots(figsize=(9, 4))
        names_s = list(ps)
        xs = np.arange(len(names_s))
        bars = (
            (-0.3, lambda d: d["model"], "#2980b9", "model, strict"),
            (-0.1, lambda d: d["model"]["envelope"], "#85c1e9", "model, inside the envelope"),
            (0.1, lambda d: d["station"], "#616a6b", "station, strict"),
            (0.3, lambda d: d["station"]["envelope"], "#bfc9ca", "station, inside the envelope"),
        )
        for off, pick, color, label in bars:
            rs = [pick(ps[s]) for s in names_s]
            vals = [r["perThousandCellHours"] or 0 for r in rs]
            lo = [max(0, vals[i] - (r["ci95"][0] or 0)) for i, r in enumerate(rs)]
            hi = [max(0, (r["ci95"][1] or 0) - vals[i]) for i, r in enumerate(rs)]
            ax.bar(xs + off, vals, 0.2, yerr=[lo, hi], color=color, label=label, capsize=2)
        ax.axhline(1, color="k", ls="--", lw=1, label="target 1 / 1000 cell-h")
        ax.set_xticks(xs, names_s, rotation=25, fontsize=8)
        ax.set_ylabel("Warning+ episodes per 1000 cell-h")
        ax.set_yscale("symlog", linthresh=1)
        ax.legend(fontsize=8)
        ax.set_title("false alarms on cells that never ran away, fresh seeds (95 % CI over runs)", fontsize=9)
        fig.tight_layout()
        fig.savefig(rdir / "eval-false-alarms.png", dpi=110)
        plt.close(fig)
        out.append("eval-false-alarms.png")
    return out


def fmt(v, pct=False, nd=3):
    if v is None:
        return "–"
    return f"{100 * v:.1f} %" if pct else f"{v:.{nd}f}"


def ci(r):
    lo, hi = r["ci95"]
    return "–" if lo is None else f"{lo:.1f}–{hi:.1f}"


def met(v, target, higher=True):
    if v is None:
        return "–"
    return "met" if (v >= target if higher else v <= target) else "not met"


def markdown(r: dict, figs: list[str]) -> str:
    h, es, fa = r["headline"], r["eventSummary"], r["falseAlarms"]
    th = r["thresholds"]
    seeds = ", ".join(str(s) for s in h["falseAlarmSeeds"]) or "none (test split only)"
    tto = es["timeToOnset"]
    lines = [
        f"# Risk model evaluation — {r['model']}",
        "",
        f"Held-out runs (split `{r['split']}`): {r['runs']} runs, {r['rows']} cell-seconds, {es['events']} onsets "
        f"({es['selfHeatingEvents']} with ≥ 5 min of self-heating). False alarms: {fa['all']['model']['cellHours']:.0f} cell-hours of cells "
        f"that never ran away, from the false-alarm sets of seeds {seeds} (every scenario). Thresholds (validation runs): "
        f"runaway {th['runaway']}, alarm {th['alarm']}, warning {th['warning']}, watch {th['watch']}. Hysteresis {r['hysteresisHoldS']} s.",
        "",
        "*model* = the model's class alone (thresholds, escalation gate, hysteresis); *station* = what the operator sees "
        "(the model raised to the safety rules' floor). Onsets are the station's own runaway rule on the readings.",
        "",
        "| target | goal | model | station | |",
        "|---|---|---|---|---|",
        f"| macro-F1, all test rows | ≥ 0.95 | {fmt(h['macroF1Model'])} | {fmt(h['macroF1Station'])} | {met(h['macroF1Model'], 0.95)} |",
        f"| Runaway within 3 s of the onset ({es['events']} onsets) | ≥ 99 % | {fmt(h['runawayWithin3sModel'], True)} | {fmt(h['runawayWithin3sStation'], True)} | model {met(h['runawayWithin3sModel'], 0.99)}, station {met(h['runawayWithin3sStation'], 0.99)} |",
        f"| Warning+ held ≥ 5 min before the onset, self-heating runaways ({es['selfHeatingEvents']}) | ≥ 95 % | {fmt(h['warnedAtLeast5MinShareModel'], True)} | {fmt(h['warnedAtLeast5MinShareStation'], True)} | model {met(h['warnedAtLeast5MinShareModel'], 0.95)}, station {met(h['warnedAtLeast5MinShareStation'], 0.95)} |",
        f"| false alarms, strict: every Warning+ episode per 1000 cell-h, cells that never ran away | ≤ 1 | {fmt(h['falseAlarmsPer1000CellHoursModel'], nd=1)} (95 % CI {ci(fa['all']['model'])}) | {fmt(h['falseAlarmsPer1000CellHoursStation'], nd=1)} (95 % CI {ci(fa['all']['station'])}) | model {met(h['falseAlarmsPer1000CellHoursModel'], 1, False)}, station {met(h['falseAlarmsPer1000CellHoursStation'], 1, False)} |",
        f"| false alarms, envelope: episodes begun inside the safe operating envelope per 1000 cell-h inside it ({h['falseAlarmCellHoursInEnvelope']:.0f} cell-h) | ≤ 1 | {fmt(h['falseAlarmsEnvelopePer1000CellHoursModel'], nd=1)} (95 % CI {ci(fa['all']['model']['envelope'])}) | {fmt(h['falseAlarmsEnvelopePer1000CellHoursStation'], nd=1)} (95 % CI {ci(fa['all']['station']['envelope'])}) | model {met(h['falseAlarmsEnvelopePer1000CellHoursModel'], 1, False)}, station {met(h['falseAlarmsEnvelopePer1000CellHoursStation'], 1, False)} |",
        f"| median / 5th-percentile held warning lead, all onsets (s) | – | {fmt(es['model']['leadS']['median'], nd=0)} / {fmt(es['model']['leadS']['p5'], nd=0)} | {fmt(es['station']['leadS']['median'], nd=0)} / {fmt(es['station']['leadS']['p5'], nd=0)} | |",
        f"| median / 5th-percentile first warning, self-heating runaways (s) | – | {fmt(es['model']['selfHeatingFirstWarningLeadS']['median'], nd=0)} / {fmt(es['model']['selfHeatingFirstWarningLeadS']['p5'], nd=0)} | rules alone: {fmt(es['rules']['selfHeatingFirstWarningLeadS']['median'], nd=0)} / {fmt(es['rules']['selfHeatingFirstWarningLeadS']['p5'], nd=0)} | |",
        f"| time to onset: median absolute error, hour before the onset / last 15 min / last 5 min (s) | – | {fmt(tto['medianAbsErrorS'], nd=0)} / {fmt(tto['medianAbsErrorLast15MinS'], nd=0)} / {fmt(tto['medianAbsErrorLast5MinS'], nd=0)} | | estimate given on {fmt(tto['estimatedShare'], True)} of those seconds; the 80 % interval, where shown, holds the truth {fmt(tto.get('interval80CoverageWhenShown'), True)} of them |",
        f"| macro-F1 without pre-trigger rows ({r['knowableRows']}) | – | {fmt(r['modelKnowable']['macroF1'])} | | |",
        "",
        "## False alarms per scenario (fresh seeds, cells that never ran away)",
        "",
        "A Warning-or-higher is a **false alarm** only while the cell is inside its safe operating envelope by the "
        "simulator's truth (true can temperature below the chemistry's operating limit, the T_ALARM line, and terminal "
        "voltage inside [V_min, V_max]); one that begins outside it is *justified by the limits*. Both are given: "
        "*strict* counts every episode per cell-hour, *envelope* the episodes begun inside per cell-hour inside. "
        "Episodes are counted as the alarm book shows them: a condition back within the book's "
        f"{CLEAR_HOLD_S} s clear hold is the same alarm. Each cell: episodes, per 1000 cell-h (95 % CI, whole runs resampled).",
        "",
        "| scenario | cell-h (inside) | runs | model strict | model envelope | rules strict | rules envelope | station strict | station envelope |",
        "|---|---|---|---|---|---|---|---|---|",
    ]

    def cell(x):
        return f"{x['episodes']}, {fmt(x['perThousandCellHours'], nd=1)} ({ci(x)})"

    for scn, d in list(fa["perScenario"].items()) + [("**all**", fa["all"])]:
        m = d["model"]
        lines.append(
            f"| {scn} | {m['cellHours']:.0f} ({m['envelope']['cellHours']:.0f}) | {m.get('runs', 0)} | "
            + " | ".join(f"{cell(d[view])} | {cell(d[view]['envelope'])}" for view in ("model", "rules", "station"))
            + " |"
        )
    lines += ["", "Episodes justified by the limits (begun outside the envelope; a cell can be out on more than one count): "
              + "; ".join(f"{view} " + ", ".join(f"{k} {n}" for k, n in fa["all"][view]["justifiedBy"].items()) for view in VIEWS)
              + ". Counted without the book's clear hold (as v3 did): model "
              + f"{fa['all']['model']['unmergedEpisodes']}, station {fa['all']['station']['unmergedEpisodes']} episodes."]
    lines += ["", "Per false-alarm seed (model view): " + "; ".join(
        f"seed {s['seed']}: {s['summary']['all']['model']['episodes']} in {s['summary']['all']['model']['cellHours']:.0f} cell-h" for s in r["falseAlarmSets"]) + "."]
    ts = r["falseAlarmsTestSplit"]["all"]
    lines += [f"Test split alone (same definition): model {ts['model']['episodes']} episodes in {ts['model']['cellHours']:.0f} cell-h, station {ts['station']['episodes']}.", ""]
    if "measured" in r:
        lines += measured_lines(r["measured"])
    lines += ["## Per class (model view)", "", "| class | precision | recall | F1 |", "|---|---|---|---|"]
    for c in CLASSES:
        mv = r["modelView"]
        lines.append(f"| {c} | {fmt(mv['precision'][c])} | {fmt(mv['recall'][c])} | {fmt(mv['f1'][c])} |")
    lines += ["", "Confusion matrix (rows = label, columns = shown, model view):", "", "| | " + " | ".join(CLASSES) + " |", "|---" * (K + 1) + "|"]
    for c, row in zip(CLASSES, r["modelView"]["confusion"]):
        lines.append(f"| {c} | " + " | ".join(str(v) for v in row) + " |")
    lines += ["", "## Runaway events", "", "| run | cell | criterion | own runaway | self-heating (s) | model lead held / first (s) | rules first (s) | model Runaway ≤ 3 s | station Runaway ≤ 3 s |", "|---|---|---|---|---|---|---|---|---|"]
    for e in r["events"]:
        lines.append(
            f"| {e['run']} | {e['cell']} | {e['criterion'] or '–'} | {'yes' if e['ownRunaway'] else 'no'} | {e['selfHeatingPhaseS'] if e['selfHeatingPhaseS'] is not None else '–'} | {e['modelLeadS']} / {e['modelFirstWarningLeadS']} | {e['rulesFirstWarningLeadS']} | {'yes' if e['modelRunawayWithin3s'] else 'no'} | {'yes' if e['stationRunawayWithin3s'] else 'no'} |"
        )
    lines += ["", "## Figures", ""] + [f"![{f}]({f})" for f in figs] + [""]
    return "\n".join(lines)


SERVED_START = "<!-- station-fa:start (npm run eval:station) -->"
SERVED_END = "<!-- station-fa:end -->"


def kept_served_section(new: str, old: str, model: str) -> str:
    """The served station's false alarms (tools/station-fa) are measured through `serve`, apart from this
    script: a rewrite of the report keeps their section while it is of the same model."""
    a, b = old.find(SERVED_START), old.find(SERVED_END)
    if a < 0 or b < a or model not in old[a:b]:
        return new
    at = new.find("## Measured traces")
    at = at if at >= 0 else new.find("## Per class")
    return new[:at] + old[a : b + len(SERVED_END)] + "\n\n" + new[at:]


def measured_lines(m: dict) -> list[str]:
    if not m.get("present"):
        return ["## Measured traces", "", m.get("note", "No measured traces were found."), ""]
    out = ["## Measured traces (station's CSV import and replay; never tuned on)", "", m.get("note", ""), "",
           "| trace | chemistry | hours | model Warning+ episodes | per hour | station Warning+ | Watch episodes (model) | rule alarms |", "|---|---|---|---|---|---|---|---|"]
    for t in m["traces"]:
        out.append(f"| {t['name']} | {t['chemistry']} | {t['hours']:.2f} | {t['modelWarningEpisodes']} | {t['modelWarningPerHour']:.2f} | {t['stationWarningEpisodes']} | {t['modelWatchEpisodes']} | {', '.join(t['ruleCodes']) or '–'} |")
    tot = m["total"]
    out += ["", f"Total: {tot['hours']:.1f} cell-hours, model Warning+ {tot['modelWarningEpisodes']} ({tot['modelWarningPerHour']:.3f}/h), station Warning+ {tot['stationWarningEpisodes']}, model Watch {tot['modelWatchEpisodes']}.", ""]
    return out


if __name__ == "__main__":
    main()
