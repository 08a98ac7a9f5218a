"""Loads a dataset directory (datasets/layout.py) into tensors sized for the model's Input."""

from __future__ import annotations

from dataclasses import dataclass

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


def load_split(spec: RunSpec, which: str, keep_full_size: bool) -> Split:
    """Reads one split; resizes to the Input's H×W now unless random crops need the full image."""
    root = spec.dataset_path
    try:
        manifest = read_manifest(root)
    except DatasetError as exc:
        raise BadDataset(str(exc)) from exc
    if manifest["task"] != spec.task:
        raise BadDataset(f"dataset {manifest.get('id')!r} is for {manifest['task']}, but the model's task is {spec.task}")
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
