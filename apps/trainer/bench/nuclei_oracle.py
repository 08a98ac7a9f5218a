"""Ceiling of the nuclei task at the training resolution, without training anything.

Renders each validation image three times with the same generator — out-of-focus nuclei
annotated with the real probability, never, and always — and scores the two ideal answers
against the real masks: "leave every out-of-focus nucleus out" (what a calibrated BCE model
converges to) and "take them all in" (what an overlap loss prefers). Everything else is assumed
perfect, so trained models land below these numbers.

    python3 apps/trainer/bench/nuclei_oracle.py [--size 128]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

from layerwise_trainer.datasets import nuclei  # noqa: E402


def shrink(mask: np.ndarray, size: int) -> np.ndarray:
    """Area coverage ≥ 0.5, as the runner shrinks masks."""
    f = mask.shape[0] // size
    return mask.reshape(size, f, size, f).mean(axis=(1, 3)) >= 0.5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=128)
    args = parser.parse_args()
    counts = np.zeros((2, 3))
    for index in range(nuclei.COUNT - nuclei.VAL_COUNT, nuclei.COUNT):
        truth = shrink(nuclei.render(index)[1] > 0, args.size)
        for k, q in enumerate((0.0, 1.0)):
            pred = shrink(nuclei.render(index, difficulty={"oof_annotated": q})[1] > 0, args.size)
            counts[k] += [(pred & truth).sum(), (pred & ~truth).sum(), (~pred & truth).sum()]
    iou = [tp / (tp + fp + fn) for tp, fp, fn in counts]
    print(json.dumps({"size": args.size, "leave_out_iou": round(iou[0], 3), "take_in_iou": round(iou[1], 3)}))


if __name__ == "__main__":
    main()
