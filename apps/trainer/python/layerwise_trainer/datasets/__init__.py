"""Datasets: the on-disk layout and the built-in generated datasets (`nuclei`, `shapes`)."""

from __future__ import annotations

import importlib
import json
import time
from pathlib import Path

from .layout import DatasetError, file_checksum, read_manifest, write_dataset

# The pixel checksum every machine must reproduce for each built-in (README.md, "Dataset layout").
# Changing a generator changes these on purpose: update them together with the tuned results. They
# live in a JSON file because the worker reads them too (apps/trainer/src/runs/datasets.ts): a
# stored built-in whose manifest has another pixel checksum came from an older generator and is
# generated again.
EXPECTED_PIXEL_CHECKSUMS: dict[str, str] = json.loads(
    (Path(__file__).with_name("pixel_checksums.json")).read_text(encoding="utf-8")
)

BUILTINS = {
    "nuclei": {
        "name": "Nuclei (synthetic H&E colon histology)",
        "task": "binary-segmentation",
        "classes": ["background", "nucleus"],
        "module": "nuclei",  # imported on first build: the runner never needs scipy
    },
    "shapes": {
        "name": "Shapes (6-class classification)",
        "task": "classification",
        "classes": None,  # shapes.CLASSES
        "module": "shapes",
    },
}


def is_built(dataset_id: str, out: Path) -> bool:
    """True when `out` holds this built-in with the expected pixels and intact files."""
    try:
        manifest = read_manifest(out)
    except DatasetError:
        return False
    expected = EXPECTED_PIXEL_CHECKSUMS.get(dataset_id)
    if manifest.get("id") != dataset_id or (expected and manifest.get("pixel_checksum") != expected):
        return False
    names = manifest["split"]["train"] + manifest["split"]["val"]
    try:
        return file_checksum(out, names, manifest["task"]) == manifest.get("checksum")
    except OSError:
        return False


def build(dataset_id: str, out: Path, *, force: bool = False) -> dict:
    """Generates the built-in `dataset_id` into `out` unless it is already there intact.

    Returns the manifest plus `built` (False when the cached copy was kept) and `seconds`.
    """
    if dataset_id not in BUILTINS:
        raise DatasetError(f"unknown built-in dataset {dataset_id!r}; built-ins are {', '.join(BUILTINS)}")
    started = time.monotonic()
    if not force and is_built(dataset_id, out):
        return {**read_manifest(out), "built": False, "seconds": round(time.monotonic() - started, 3)}
    spec = BUILTINS[dataset_id]
    module = importlib.import_module(f".{spec['module']}", __package__)
    samples, val = module.generate()
    manifest = write_dataset(
        out, dataset_id=dataset_id, name=spec["name"], task=spec["task"], classes=spec["classes"] or module.CLASSES,
        samples=samples, val_names=val,
    )
    expected = EXPECTED_PIXEL_CHECKSUMS.get(dataset_id)
    if expected and manifest["pixel_checksum"] != expected:
        raise DatasetError(
            f"generated {dataset_id} has pixel checksum {manifest['pixel_checksum']}, expected {expected}: "
            "this machine's numpy/scipy produce different pixels"
        )
    return {**manifest, "built": True, "seconds": round(time.monotonic() - started, 3)}


def summary(manifest: dict) -> str:
    keep = ("id", "task", "count", "sample_shape", "checksum", "pixel_checksum", "built", "seconds")
    return json.dumps({k: manifest[k] for k in keep if k in manifest})
