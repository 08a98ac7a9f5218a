"""Loads a dataset directory (datasets/layout.py) into tensors sized for the model's Input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import Dataset

from .augment import augment_sample, resize_image, resize_mask
from .datasets.layout import DatasetError, load_image, load_labels, load_mask, read_manifest
from .errors import BadDataset
from .spec import RunSpec


@dataclass
class Split:
    names: list[str]
    images: list[torch.Tensor]  # uint8 [C, H, W]
    targets: list[torch.Tensor]  # int64 [H, W] masks or 0-dim labels


def _target(spec: RunSpec, root, name: str, labels: dict[str, int] | None) -> torch.Tensor:
    if spec.task == "classification":
        assert labels is not None
        if name not in labels:
            raise BadDataset(f"{root / 'labels.json'} has no label for {name!r}")
        label = labels[name]
        if not 0 <= label < spec.num_classes:
            raise BadDataset(f"{root / 'labels.json'}: {name!r} has class {label}, outside 0..{spec.num_classes - 1}")
        return torch.tensor(label, dtype=torch.int64)
    mask = load_mask(root, name)
    values = np.unique(mask)
    if spec.task == "binary-segmentation":
        if not set(values.tolist()) <= {0, 1, 255}:
            raise BadDataset(f"masks/{name}.png has values {values.tolist()[:8]}; a binary mask holds 0 and 255")
        return torch.from_numpy((mask > 0).astype(np.int64))
    if values.max() >= spec.num_classes:
        raise BadDataset(f"masks/{name}.png has class {int(values.max())}, outside 0..{spec.num_classes - 1}")
    return torch.from_numpy(mask.astype(np.int64))


# Bumped whenever decoding, checking or resizing changes what load_split returns.
CACHE_VERSION = 1


def load_split(spec: RunSpec, which: str, keep_full_size: bool) -> Split:
    """Reads one split; resizes to the Input's H×W now unless random crops need the full image.

    Decoding and resizing a few hundred PNGs takes ~1 s on a small CPU, at the start of every
    run; the result is kept next to the dataset (`.cache/`, keyed by the manifest's checksum, so
    changed files are never served stale) and read back in milliseconds by the next run.
    """
    root = spec.dataset_path
    try:
        manifest = read_manifest(root)
    except DatasetError as exc:
        raise BadDataset(str(exc)) from exc
    if manifest["task"] != spec.task:
        raise BadDataset(f"dataset {manifest.get('id')!r} is for {manifest['task']}, but the model's task is {spec.task}")
    checksum = manifest.get("checksum")
    tag = checksum[:24] if isinstance(checksum, str) and checksum else None
    cache = _cache_path(spec, tag, which, keep_full_size) if tag else None
    split = _read_cache(cache, manifest["split"][which]) if cache else None
    if split is None:
        split = _decode_split(spec, manifest, which, keep_full_size)
        if cache:
            _write_cache(cache, split, tag)
    return split


def _cache_path(spec: RunSpec, tag: str, which: str, keep_full_size: bool) -> Path:
    """`tag`: the start of the manifest's checksum, which every cache of these files names."""
    size = "full" if keep_full_size else f"{spec.shape[1]}x{spec.shape[2]}"
    key = f"{which}-{spec.task}-{spec.num_classes}-{size}-{tag}-v{CACHE_VERSION}.pt"
    return spec.dataset_path / ".cache" / key


def _read_cache(path: Path, names: list[str]) -> Split | None:
    """The cached split, or None when it is missing, unreadable or for other names."""
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)  # tensors only: never code
    except Exception:  # noqa: BLE001 - missing, torn or from another torch: decode again
        return None
    if not isinstance(data, dict) or data.get("names") != names:
        return None
    images, targets = data.get("images"), data.get("targets")
    if not isinstance(images, list) or not isinstance(targets, list) or not len(images) == len(targets) == len(names):
        return None
    return Split(list(names), images, [t.long() for t in targets])


def _write_cache(path: Path, split: Split, tag: str) -> None:
    """Atomically (temp file + rename: a concurrent run never reads half a file), best effort;
    drops the caches of this dataset directory's earlier contents, which can never match again."""
    masks_fit_bytes = all(t.ndim == 0 or t.numel() == 0 or int(t.max()) < 256 for t in split.targets)
    targets = [t.to(torch.uint8) if masks_fit_bytes and t.ndim == 2 else t for t in split.targets]
    tmp: str | None = None
    try:
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            torch.save({"names": split.names, "images": split.images, "targets": targets}, f)
        os.replace(tmp, path)
        tmp = None
        for stale in path.parent.glob("*.pt"):
            if tag not in stale.name:
                stale.unlink(missing_ok=True)
    except OSError:  # a read-only dataset directory: decode every time
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _decode_split(spec: RunSpec, manifest: dict, which: str, keep_full_size: bool) -> Split:
    root = spec.dataset_path
    labels = load_labels(root) if spec.task == "classification" else None
    size = (spec.shape[1], spec.shape[2])
    binary = spec.task == "binary-segmentation"
    split = Split([], [], [])
    for name in manifest["split"][which]:
        try:
            array = load_image(root, name)
        except (DatasetError, OSError) as exc:
            raise BadDataset(f"images/{name}.png cannot be read: {exc}") from exc
        if array.shape[2] != spec.shape[0]:
            raise BadDataset(f"images/{name}.png has {array.shape[2]} channels, the model's Input expects {spec.shape[0]}")
        image = torch.from_numpy(np.ascontiguousarray(array.transpose(2, 0, 1)))
        target = _target(spec, root, name, labels)
        if target.ndim == 2 and tuple(target.shape) != tuple(image.shape[1:]):
            raise BadDataset(f"masks/{name}.png is {tuple(target.shape)} but its image is {tuple(image.shape[1:])}")
        if not keep_full_size:
            image = (resize_image(image.float() / 255, size) * 255).round().clamp(0, 255).to(torch.uint8)
            target = target if target.ndim == 0 else resize_mask(target, size, binary)
        split.names.append(name)
        split.images.append(image)
        split.targets.append(target)
    return split


def channel_stats(split: Split) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-channel mean and std of the training images in [0, 1]."""
    total = torch.zeros(split.images[0].shape[0], dtype=torch.float64)
    squares = torch.zeros_like(total)
    pixels = 0
    for image in split.images:
        x = image.double().flatten(1) / 255
        total += x.sum(1)
        squares += (x * x).sum(1)
        pixels += x.shape[1]
    mean = total / pixels
    std = (squares / pixels - mean * mean).clamp_min(1e-12).sqrt()
    return mean.float(), std.float().clamp_min(1e-3)


class TrainingData(Dataset):
    """Samples as (image float [C, H, W] normalized, target); augments when `train`."""

    def __init__(self, spec: RunSpec, split: Split, mean: torch.Tensor, std: torch.Tensor, train: bool):
        self.spec, self.split, self.train = spec, split, train
        self.mean = mean[:, None, None] if spec.normalize else None
        self.std = std[:, None, None] if spec.normalize else None
        self.size = (spec.shape[1], spec.shape[2])

    def __len__(self) -> int:
        return len(self.split.names)

    def __getitem__(self, index: int):
        image = self.split.images[index].float() / 255
        target = self.split.targets[index]
        mask = target if target.ndim == 2 else None
        binary = self.spec.task == "binary-segmentation"
        if self.train and self.spec.augment.any:
            image, mask = augment_sample(image, mask, self.spec.augment, self.size, binary)
        else:
            image = resize_image(image, self.size)
            mask = None if mask is None else resize_mask(mask, self.size, binary)
        if self.mean is not None:
            image = (image - self.mean) / self.std
        return image, (mask if mask is not None else target)
