"""The difficulty-tuning protocol for the built-in nuclei dataset (issue 9, "the paper's 0.40 →
0.58"): trains `unet-small` (BCE) and the improved model drawn in the editor
(`models/unet-small-dice.json`: same layers, Dice loss) through the real runner for a number of
seeds and epochs, and prints each run and the mean validation IoU per model.

    python3 apps/trainer/bench/nuclei_protocol.py --epochs 20 --seeds 0 1 2 --device cpu --threads 2

Each run is `python3 -m layerwise_trainer.run <dir>` exactly as the worker starts it; the model
code is graph-core's output for the JSON next to it (`models/*.py`, regenerated with
`npx graph-core codegen models/<name>.json > models/<name>.py`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PYTHON = BENCH.parent / "python"
MODELS = {"unet-small": ("unet-small.py", "bce"), "unet-small-dice": ("unet-small-dice.py", "dice")}


def ensure_dataset(path: Path | None) -> Path:
    """A nuclei dataset directory: the given one, or the cached build under the temp dir."""
    out = path or Path(tempfile.gettempdir()) / "layerwise-nuclei"
    cmd = [sys.executable, "-m", "layerwise_trainer.datasets", "build", "nuclei", "--out", str(out)]
    subprocess.run(cmd, cwd=PYTHON, check=True, stdout=sys.stderr)
    return out


def run_one(work: Path, data: Path, model: str, seed: int, args) -> dict:
    code, loss = MODELS[model]
    run_dir = work / f"{model}-s{seed}"
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "model.py").write_text((BENCH / "models" / code).read_text())
    spec = {
        "runId": run_dir.name, "task": "binary-segmentation", "num_classes": 1,
        "input": {"shape": [3, args.size, args.size], "normalize": True,
                  "augment": {"hflip": False, "vflip": False, "rotate": 0, "crop": 0, "color_jitter": 0}},
        "dataset": {"id": "nuclei", "path": str(data)},
        "config": {"epochs": args.epochs, "batch_size": 8, "lr": 1e-3, "optimizer": "Adam", "loss": loss,
                   "seed": seed, "device": args.device, "amp": True, "num_workers": args.workers,
                   "threads": args.threads},
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
    return {
        "model": model, "seed": seed, "best_val_iou": max(e["val_iou"] for e in epochs),
        "final_val_iou": epochs[-1]["val_iou"], "images_per_s": round(statistics.median(rates), 1),
        "device": events[0]["device"], "torch": events[0]["torch"], "seconds": events[-1]["seconds"],
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=list(MODELS))
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--data", type=Path, default=None, help="a built nuclei dataset (default: build one)")
    parser.add_argument("--work", type=Path, default=None, help="where run directories go (default: a temp dir)")
    args = parser.parse_args(argv)
    data = ensure_dataset(args.data)
    work = args.work or Path(tempfile.mkdtemp(prefix="layerwise-protocol-"))
    results = []
    for model in args.models:
        for seed in args.seeds:
            result = run_one(work, data, model, seed, args)
            results.append(result)
            print(json.dumps(result), flush=True)
    summary = {}
    for model in args.models:
        rows = [r for r in results if r["model"] == model]
        summary[model] = {
            "mean_best_val_iou": round(statistics.mean(r["best_val_iou"] for r in rows), 4),
            "mean_final_val_iou": round(statistics.mean(r["final_val_iou"] for r in rows), 4),
            "images_per_s": round(statistics.median(r["images_per_s"] for r in rows), 1),
        }
    if len(summary) == 2:
        a, b = (summary[m]["mean_best_val_iou"] for m in MODELS)
        summary["improvement"] = round(b - a, 4)
    print(json.dumps({"summary": summary, "epochs": args.epochs, "seeds": args.seeds}), flush=True)
    return {"results": results, "summary": summary}


if __name__ == "__main__":
    main()
