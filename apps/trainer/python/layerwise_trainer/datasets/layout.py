"""The on-disk dataset layout (README.md, "Dataset layout"): writing, checksumming, loading."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

FORMAT = "layerwise.dataset"
VERSION = 1
TASKS = ("binary-segmentation", "multiclass-segmentation", "classification")


class DatasetError(ValueError):
    """A dataset directory that does not follow the layout; the message names the file."""


@dataclass(frozen=True)
class Sample:
    name: str
    image: np.ndarray  # uint8 [H, W, C]
    mask: np.ndarray | None = None  # uint8 [H, W] for segmentation
    label: int | None = None  # class index for classification


def _labels_bytes(labels: dict[str, int]) -> bytes:
    return json.dumps(labels, sort_keys=True, separators=(",", ":")).encode()


def file_checksum(root: Path, names: list[str], task: str) -> str:
    """sha256 over each name (sorted), its image file and its mask file, then labels.json."""
    digest = hashlib.sha256()
    for name in sorted(names):
        digest.update(name.encode() + b"\0")
        digest.update((root / "images" / f"{name}.png").read_bytes())
        if task != "classification":
            digest.update((root / "masks" / f"{name}.png").read_bytes())
    if task == "classification":
        labels = json.loads((root / "labels.json").read_text())
        digest.update(_labels_bytes(labels))
    return digest.hexdigest()


def pixel_checksum(samples: list[Sample]) -> str:
    """sha256 over the decoded pixels (and labels) in name order: independent of the PNG encoder."""
    digest = hashlib.sha256()
    for sample in sorted(samples, key=lambda s: s.name):
        digest.update(sample.name.encode() + b"\0")
        digest.update(np.ascontiguousarray(sample.image, dtype=np.uint8).tobytes())
        if sample.mask is not None:
            digest.update(np.ascontiguousarray(sample.mask, dtype=np.uint8).tobytes())
        if sample.label is not None:
            digest.update(int(sample.label).to_bytes(4, "little"))
    return digest.hexdigest()


def write_dataset(
    out: Path,
    *,
    dataset_id: str,
    name: str,
    task: str,
    classes: list[str],
    samples: list[Sample],
    val_names: set[str],
) -> dict:
    """Writes images/, masks/ or labels.json and manifest.json (last, so a crash leaves no manifest)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "images").mkdir(exist_ok=True)
    if task != "classification":
        (out / "masks").mkdir(exist_ok=True)
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest_path.unlink()
    labels: dict[str, int] = {}
    for sample in samples:
        # compress_level is pinned so one Pillow/zlib gives the same file bytes every time.
        Image.fromarray(sample.image).save(out / "images" / f"{sample.name}.png", compress_level=6)
        if task != "classification":
            assert sample.mask is not None
            Image.fromarray(sample.mask).save(out / "masks" / f"{sample.name}.png", compress_level=6)
        else:
            assert sample.label is not None
            labels[sample.name] = int(sample.label)
    if task == "classification":
        (out / "labels.json").write_bytes(_labels_bytes(labels))
    names = sorted(s.name for s in samples)
    first = samples[0].image
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "id": dataset_id,
        "name": name,
        "task": task,
        "classes": classes,
        "count": len(samples),
        "sample_shape": [int(first.shape[2]) if first.ndim == 3 else 1, int(first.shape[0]), int(first.shape[1])],
        "split": {"train": [n for n in names if n not in val_names], "val": [n for n in names if n in val_names]},
        "checksum": file_checksum(out, names, task),
        "pixel_checksum": pixel_checksum(samples),
    }
    tmp = out / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=1))
    os.replace(tmp, manifest_path)
    return manifest


def read_manifest(root: Path) -> dict:
    """Reads and checks manifest.json; raises DatasetError naming what is wrong."""
    path = root / "manifest.json"
    if not path.is_file():
        raise DatasetError(f"{path} does not exist (not a Layerwise dataset directory)")
    try:
        manifest = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DatasetError(f"{path}: format must be {FORMAT!r}")
    if manifest.get("version") != VERSION:
        raise DatasetError(f"{path}: version {manifest.get('version')!r} is not supported (want {VERSION})")
    if manifest.get("task") not in TASKS:
        raise DatasetError(f"{path}: task {manifest.get('task')!r} is not one of {', '.join(TASKS)}")
    split = manifest.get("split")
    if not isinstance(split, dict) or not isinstance(split.get("train"), list) or not isinstance(split.get("val"), list):
        raise DatasetError(f"{path}: split must be {{train: [names], val: [names]}}")
    if not split["train"] or not split["val"]:
        raise DatasetError(f"{path}: split.train and split.val must both be non-empty")
    return manifest


def load_image(root: Path, name: str) -> np.ndarray:
    """An image as uint8 [H, W, C] (grey images get C = 1)."""
    path = root / "images" / f"{name}.png"
    if not path.is_file():
        raise DatasetError(f"{path} is listed in the manifest but does not exist")
    with Image.open(path) as img:
        if img.mode not in ("L", "RGB"):
            img = img.convert("RGB")
        arr = np.asarray(img, dtype=np.uint8)
    return arr[:, :, None] if arr.ndim == 2 else arr


def load_mask(root: Path, name: str) -> np.ndarray:
    """A segmentation mask as uint8 [H, W]."""
    path = root / "masks" / f"{name}.png"
    if not path.is_file():
        raise DatasetError(f"{path} is listed in the manifest but does not exist")
    with Image.open(path) as img:
        arr = np.asarray(img.convert("L") if img.mode != "L" else img, dtype=np.uint8)
    return arr


def load_labels(root: Path) -> dict[str, int]:
    """labels.json of a classification dataset."""
    path = root / "labels.json"
    if not path.is_file():
        raise DatasetError(f"{path} does not exist (a classification dataset needs it)")
    labels = json.loads(path.read_text())
    if not isinstance(labels, dict) or not all(isinstance(v, int) for v in labels.values()):
        raise DatasetError(f"{path} must map every name to an integer class index")
    return labels
