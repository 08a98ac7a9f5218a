"""The runner's CUDA path on a GPU host, as one prepared script of a few minutes.

Checks the CUDA plan (bf16 autocast, channels_last, cuDNN benchmark, pinned memory, DataLoader
workers), then runs the nuclei protocol on the GPU — `unet-small` and the improved model
(`models/unet-small-improved.json`), 3 seeds × 20 epochs — through the real runner, and prints images/s and the validation IoUs. Writes
the results to $OUT/cuda_check.json when $OUT is set.

    python3 apps/trainer/bench/cuda_check.py                       # builds the dataset (~20 s)
    python3 apps/trainer/bench/cuda_check.py --data <nuclei dir>   # a dataset built elsewhere
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "python"))


def check_plan() -> dict:
    import torch

    from layerwise_trainer.runtime import host_plan
    from layerwise_trainer.spec import TrainConfig

    if not torch.cuda.is_available():
        raise SystemExit(f"no CUDA device visible to torch {torch.__version__}; run this on a GPU host")
    plan = host_plan(TrainConfig(num_workers=4))
    assert plan.device == "cuda:0" and plan.channels_last and plan.cudnn_benchmark and plan.pin_memory, plan
    info = {
        "torch": torch.__version__, "cuda": torch.version.cuda, "gpu": torch.cuda.get_device_name(0),
        "bf16": plan.amp_bf16, "plan": plan.__dict__,
    }
    print(json.dumps(info), flush=True)
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    started = time.monotonic()
    info = check_plan()
    import nuclei_protocol

    argv = ["--device", "cuda", "--workers", "4", "--epochs", str(args.epochs), "--seeds", *map(str, args.seeds)]
    if args.data:
        argv += ["--data", str(args.data)]
    out = nuclei_protocol.main(argv)
    report = {**info, **out, "seconds": round(time.monotonic() - started, 1)}
    if os.environ.get("OUT"):
        Path(os.environ["OUT"], "cuda_check.json").write_text(json.dumps(report, indent=1))
    print(f"done in {report['seconds']} s", flush=True)


if __name__ == "__main__":
    main()
