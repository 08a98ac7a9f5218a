"""The difficulty-tuning protocol for the built-in nuclei dataset (issue 9, "the paper's 0.40 →
0.58"): trains the `unet-small` template and the improved model drawn in the editor
(`models/unet-small-improved.json`) through the real runner for a number of seeds and epochs, and
prints each run (with its validation IoU per epoch), the mean IoUs per model and a Markdown table.

    python3 apps/trainer/bench/nuclei_protocol.py --epochs 20 --seeds 0 1 2 --device cpu --threads 2

Each run is `python3 -m layerwise_trainer.run <dir>` exactly as the worker starts it. The model
code is graph-core's output for each document (`models/*.py`, regenerated with
`npx graph-core codegen <model>.json > models/<name>.py`), and the training settings come from
the document the way the worker reads them (`runSettingsFromModel` in packages/protocol): the
Input node's augmentations, the Output node's loss, optimiser, learning rate, schedule and batch
size. Only epochs, seed, device and threads are set here.

Reported: `best_val_iou` (the best epoch — what the run keeps as `best.pt` and the product shows)
and `final_val_iou` (the last epoch).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PYTHON = BENCH.parent / "python"
TEMPLATES = BENCH.parents[2] / "packages" / "graph-core" / "templates"
# name: (model-flow document, graph-core's code for it)
MODELS = {
    "unet-small": (TEMPLATES / "unet-small.json", BENCH / "models" / "unet-small.py"),
    "unet-small-improved": (BENCH / "models" / "unet-small-improved.json", BENCH / "models" / "unet-small-improved.py"),
}
# The Output node's loss names as run.json spells them (packages/protocol/src/run-settings.ts).
LOSS_NAMES = {"auto": "auto", "BCEWithLogitsLoss": "bce", "DiceLoss": "dice", "DiceBCELoss": "bce_dice",
              "bce": "bce", "dice": "dice", "bce_dice": "bce_dice"}
OUTPUT_CONFIG = ("batch_size", "lr", "optimizer", "momentum", "weight_decay", "schedule", "early_stopping_patience")


def settings_from_model(doc: dict) -> tuple[dict, dict]:
    """(input.augment, config) from a model's Input and Output nodes, as the worker reads them."""
    ip = next(n for n in doc["nodes"] if n["type"] == "Input").get("params", {})
    op = next(n for n in doc["nodes"] if n["type"] == "Output").get("params", {})
    preset = ip.get("augment") is True
    augment = {
        "hflip": ip.get("hflip") is True or preset, "vflip": ip.get("vflip") is True or preset,
        "rotate": max(ip.get("rotate") or 0, 90 if preset else 0), "crop": ip.get("crop") or 0,
        "color_jitter": ip.get("color_jitter") or 0,
    }
    config = {k: op[k] for k in OUTPUT_CONFIG if op.get(k) is not None}
    config["loss"] = LOSS_NAMES[op.get("loss", "auto")]
    return augment, config


def ensure_dataset(path: Path | None) -> Path:
    """A nuclei dataset directory: the given one, or the cached build under the temp dir."""
    out = path or Path(tempfile.gettempdir()) / "layerwise-nuclei"
    cmd = [sys.executable, "-m", "layerwise_trainer.datasets", "build", "nuclei", "--out", str(out)]
    subprocess.run(cmd, cwd=PYTHON, check=True, stdout=sys.stderr)
    return out


def run_one(work: Path, data: Path, model: str, seed: int, args) -> dict:
    doc_path, code = MODELS[model]
    augment, config = settings_from_model(json.loads(doc_path.read_text()))
    run_dir = work / f"{model}-s{seed}"
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "model.py").write_text(code.read_text())
    spec = {
        "runId": run_dir.name, "task": "binary-segmentation", "num_classes": 1,
        "input": {"shape": [3, args.size, args.size], "normalize": True, "augment": augment},
        "dataset": {"id": "nuclei", "path": str(data)},
        "config": {**config, "epochs": args.epochs, "seed": seed, "device": args.device, "amp": True,
                   "num_workers": args.workers, "threads": args.threads},
        "resume": None, "limits": {},
    }
    (run_dir / "run.json").write_text(json.dumps(spec))
    env = {**os.environ, "PYTHONPATH": str(PYTHON)}
    proc = subprocess.run([sys.executable, "-m", "layerwise_trainer.run", str(run_dir)], cwd=PYTHON, env=env,
                          capture_output=True, text=True)
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    epochs = [e for e in events if e["type"] == "epoch"]
    if proc.returncode != 0 or not epochs:
        raise SystemExit(f"{run_dir.name} failed ({proc.returncode}): {events[-1] if events else proc.stderr[-2000:]}")
    rates = [e["images_per_s"] for e in epochs[1:]] or [epochs[0]["images_per_s"]]  # epoch 1 warms up
    ious = [round(e["val_iou"], 4) for e in epochs]
    return {
        "model": model, "seed": seed, "loss": config["loss"], "best_val_iou": max(ious),
        "best_epoch": ious.index(max(ious)) + 1, "final_val_iou": ious[-1], "val_iou": ious,
        "images_per_s": round(statistics.median(rates), 1), "device": events[0]["device"],
        "torch": events[0]["torch"], "params": events[0]["params"], "seconds": events[-1]["seconds"],
    }


def summarize(results: list[dict], models: list[str]) -> dict:
    summary = {}
    for model in models:
        rows = [r for r in results if r["model"] == model]
        summary[model] = {
            "mean_best_val_iou": round(statistics.mean(r["best_val_iou"] for r in rows), 4),
            "min_best_val_iou": round(min(r["best_val_iou"] for r in rows), 4),
            "max_best_val_iou": round(max(r["best_val_iou"] for r in rows), 4),
            "mean_final_val_iou": round(statistics.mean(r["final_val_iou"] for r in rows), 4),
            "images_per_s": round(statistics.median(r["images_per_s"] for r in rows), 1),
        }
    if len(models) == 2:
        a, b = (summary[m] for m in models)
        summary["improvement_best"] = round(b["mean_best_val_iou"] - a["mean_best_val_iou"], 4)
        summary["improvement_final"] = round(b["mean_final_val_iou"] - a["mean_final_val_iou"], 4)
    return summary


def markdown(results: list[dict], summary: dict, models: list[str]) -> str:
    """The table the README records: one row per run, then the means."""
    lines = ["| model | seed | best val IoU (epoch) | final val IoU | images/s |", "| --- | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| `{r['model']}` | {r['seed']} | {r['best_val_iou']:.3f} ({r['best_epoch']}) | "
                     f"{r['final_val_iou']:.3f} | {r['images_per_s']} |")
    for model in models:
        s = summary[model]
        lines.append(f"| `{model}`, mean | | **{s['mean_best_val_iou']:.3f}** | {s['mean_final_val_iou']:.3f} | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=list(MODELS))
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="runs trained at the same time (each with --threads)")
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--data", type=Path, default=None, help="a built nuclei dataset (default: build one)")
    parser.add_argument("--work", type=Path, default=None, help="where run directories go (default: a temp dir)")
    args = parser.parse_args(argv)
    data = ensure_dataset(args.data)
    work = args.work or Path(tempfile.mkdtemp(prefix="layerwise-protocol-"))
    plan = [(model, seed) for seed in args.seeds for model in args.models]

    def one(item: tuple[str, int]) -> dict:
        result = run_one(work, data, item[0], item[1], args)
        print(json.dumps(result), flush=True)
        return result

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(one, plan))
    results.sort(key=lambda r: (args.models.index(r["model"]), r["seed"]))
    summary = summarize(results, args.models)
    print(json.dumps({"summary": summary, "epochs": args.epochs, "seeds": args.seeds, "size": args.size}), flush=True)
    print(markdown(results, summary, args.models), flush=True)
    return {"results": results, "summary": summary}


if __name__ == "__main__":
    main()
