"""Hand-written PyTorch baseline for `npm run bench -w apps/trainer`: the same model code
(graph-core's model.py), the same data (a Layerwise dataset directory) and the same loop as the
runner (Adam, BCE-with-logits, batch 8, shuffled, drop_last), written the way one would without
Layerwise — no events, no checkpoints. Prints one JSON line:
{"name": "handwritten", "images_per_s", "val_iou", "epochs", "seconds", "first_step_s", "threads"}.

    python3 apps/trainer/bench/handwritten.py --model model.py --data .data/datasets/nuclei \
        --epochs 3 --threads 2 --size 128
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image


def load_model(path: Path) -> torch.nn.Module:
    spec = importlib.util.spec_from_file_location("bench_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Model()


def load_split(root: Path, names: list[str], size: int) -> tuple[torch.Tensor, torch.Tensor]:
    images, masks = [], []
    for name in names:
        img = torch.from_numpy(np.asarray(Image.open(root / "images" / f"{name}.png").convert("RGB")).copy())
        img = img.permute(2, 0, 1).float()[None] / 255
        img = F.interpolate(img, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
        images.append((img[0] * 255).round() / 255)  # the runner caches resized images as uint8
        mask = torch.from_numpy((np.asarray(Image.open(root / "masks" / f"{name}.png")) > 0).astype(np.float32))
        masks.append((F.interpolate(mask[None, None], size=(size, size), mode="area")[0, 0] >= 0.5).float())
    return torch.stack(images), torch.stack(masks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.monotonic()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    manifest = json.loads((args.data / "manifest.json").read_text())
    x_train, y_train = load_split(args.data, manifest["split"]["train"], args.size)
    x_val, y_val = load_split(args.data, manifest["split"]["val"], args.size)
    mean, std = x_train.mean((0, 2, 3), keepdim=True), x_train.std((0, 2, 3), keepdim=True)
    x_train, x_val = (x_train - mean) / std, (x_val - mean) / std
    model = load_model(args.model)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    first_step = None
    images, train_seconds = 0, 0.0
    for _ in range(args.epochs):
        model.train()
        order = torch.randperm(len(x_train))
        t0 = time.monotonic()
        for i in range(0, len(order) - args.batch_size + 1, args.batch_size):
            batch = order[i : i + args.batch_size]
            loss = F.binary_cross_entropy_with_logits(model(x_train[batch])[:, 0], y_train[batch])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            images += len(batch)
            first_step = first_step or time.monotonic() - started
        train_seconds += time.monotonic() - t0
    model.eval()
    tp = fp = fn = 0
    with torch.no_grad():
        for i in range(0, len(x_val), args.batch_size):
            pred = model(x_val[i : i + args.batch_size])[:, 0] > 0
            truth = y_val[i : i + args.batch_size] > 0.5
            tp += int((pred & truth).sum())
            fp += int((pred & ~truth).sum())
            fn += int((~pred & truth).sum())
    print(json.dumps({
        "name": "handwritten",
        "images_per_s": round(images / train_seconds, 2),
        "val_iou": tp / (tp + fp + fn) if tp + fp + fn else 1.0,
        "epochs": args.epochs,
        "seconds": round(time.monotonic() - started, 2),
        "first_step_s": round(first_step or 0.0, 3),
        "threads": args.threads,
    }))


if __name__ == "__main__":
    main()
