"""run.json: parsed into typed settings with precise errors (README.md, "Run directory")."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BadRun

TASKS = ("binary-segmentation", "multiclass-segmentation", "classification")
OPTIMIZERS = ("Adam", "AdamW", "SGD", "RMSprop")
SCHEDULES = ("constant", "cosine", "step", "onecycle")
LOSSES = ("auto", "bce", "dice", "bce_dice", "cross_entropy")
# graph-core's Output node names its losses after torch classes; these are the same losses.
LOSS_ALIASES = {
    "BCEWithLogitsLoss": "bce",
    "DiceLoss": "dice",
    "DiceBCELoss": "bce_dice",
    "CrossEntropyLoss": "cross_entropy",
}


@dataclass(frozen=True)
class Augment:
    hflip: bool = False
    vflip: bool = False
    rotate: float = 0.0
    crop: float = 0.0
    color_jitter: float = 0.0

    @property
    def any(self) -> bool:
        return self.hflip or self.vflip or self.rotate > 0 or 0 < self.crop < 1 or self.color_jitter > 0


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 20
    batch_size: int = 8
    lr: float = 1e-3
    optimizer: str = "Adam"
    momentum: float = 0.9
    weight_decay: float = 0.0
    schedule: str = "constant"
    loss: str = "auto"
    seed: int = 0
    device: str = "auto"
    amp: bool = True
    early_stopping_patience: int | None = None
    num_workers: int = 0
    threads: int | None = None


@dataclass(frozen=True)
class RunSpec:
    run_id: str
    task: str
    num_classes: int
    shape: tuple[int, int, int]
    normalize: bool
    augment: Augment
    dataset_id: str
    dataset_path: Path
    config: TrainConfig
    resume: str | None = None
    max_seconds: float | None = None
    max_memory_mb: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _num(obj: dict, key: str, where: str, kind: type, lo: float | None = None, hi: float | None = None, default=None):
    value = obj.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and int(value) != value):
        raise BadRun(f"run.json: {where}.{key} must be {'an integer' if kind is int else 'a number'}, got {value!r}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise BadRun(f"run.json: {where}.{key} must be between {lo} and {hi}, got {value!r}")
    return kind(value)


def _choice(obj: dict, key: str, where: str, choices: tuple[str, ...], default: str) -> str:
    value = obj.get(key, default)
    if value is None:
        return default
    if key == "loss" and value in LOSS_ALIASES:
        value = LOSS_ALIASES[value]
    if value not in choices:
        raise BadRun(f"run.json: {where}.{key} must be one of {', '.join(choices)}, got {value!r}")
    return value


def _bool(obj: dict, key: str, where: str, default: bool) -> bool:
    value = obj.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise BadRun(f"run.json: {where}.{key} must be true or false, got {value!r}")
    return value


def _augment(raw: Any) -> Augment:
    if raw is None or raw is False:
        return Augment()
    if raw is True:  # the Input node's plain on/off switch
        return Augment(hflip=True, vflip=True, rotate=90.0)
    if not isinstance(raw, dict):
        raise BadRun(f"run.json: input.augment must be an object or a boolean, got {raw!r}")
    return Augment(
        hflip=_bool(raw, "hflip", "input.augment", False),
        vflip=_bool(raw, "vflip", "input.augment", False),
        rotate=_num(raw, "rotate", "input.augment", float, 0, 180, 0.0),
        crop=_num(raw, "crop", "input.augment", float, 0, 1, 0.0),
        color_jitter=_num(raw, "color_jitter", "input.augment", float, 0, 1, 0.0),
    )


def _config(raw: Any) -> TrainConfig:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise BadRun("run.json: config must be an object")
    w = "config"
    return TrainConfig(
        epochs=_num(raw, "epochs", w, int, 1, 10000, 20),
        batch_size=_num(raw, "batch_size", w, int, 1, 65536, 8),
        lr=_num(raw, "lr", w, float, 1e-12, 10, 1e-3),
        optimizer=_choice(raw, "optimizer", w, OPTIMIZERS, "Adam"),
        momentum=_num(raw, "momentum", w, float, 0, 1, 0.9),
        weight_decay=_num(raw, "weight_decay", w, float, 0, 10, 0.0),
        schedule=_choice(raw, "schedule", w, SCHEDULES, "constant"),
        loss=_choice(raw, "loss", w, LOSSES, "auto"),
        seed=_num(raw, "seed", w, int, 0, 2**32 - 1, 0),
        device=_choice(raw, "device", w, ("auto", "cuda", "cpu"), "auto"),
        amp=_bool(raw, "amp", w, True),
        early_stopping_patience=_num(raw, "early_stopping_patience", w, int, 1, 10000, None),
        num_workers=_num(raw, "num_workers", w, int, 0, 64, 0),
        threads=_num(raw, "threads", w, int, 1, 1024, None),
    )


def _shape(inp: dict) -> tuple[int, int, int]:
    shape = inp.get("shape")
    if not (isinstance(shape, list) and len(shape) == 3 and all(isinstance(s, int) and s > 0 for s in shape)):
        raise BadRun(f"run.json: input.shape must be [C, H, W] of positive integers, got {shape!r}")
    return shape[0], shape[1], shape[2]


def parse_spec(raw: Any, run_dir: Path) -> RunSpec:
    """Validates a decoded run.json; raises BadRun naming the field that is wrong."""
    if not isinstance(raw, dict):
        raise BadRun("run.json must be a JSON object")
    task = raw.get("task")
    if task not in TASKS:
        raise BadRun(f"run.json: task must be one of {', '.join(TASKS)}, got {task!r}")
    num_classes = _num(raw, "num_classes", "run", int, 1, 100000, 1)
    if task != "binary-segmentation" and num_classes < 2:
        raise BadRun(f"run.json: {task} needs num_classes ≥ 2, got {num_classes}")
    inp, dataset, limits = raw.get("input"), raw.get("dataset"), raw.get("limits") or {}
    if not isinstance(inp, dict):
        raise BadRun("run.json: input must be an object with shape, normalize and augment")
    if not isinstance(dataset, dict) or not isinstance(dataset.get("path"), str) or not dataset["path"]:
        raise BadRun("run.json: dataset must be an object with a non-empty path")
    if not isinstance(limits, dict):
        raise BadRun("run.json: limits must be an object")
    resume = raw.get("resume")
    if resume is not None and (not isinstance(resume, str) or "/" in resume or resume.startswith(".")):
        raise BadRun(f"run.json: resume must be null or a file name in the run directory, got {resume!r}")
    path = Path(dataset["path"])
    return RunSpec(
        run_id=str(raw.get("runId", "")),
        task=task,
        num_classes=1 if task == "binary-segmentation" else num_classes,
        shape=_shape(inp),
        normalize=_bool(inp, "normalize", "input", True),
        augment=_augment(inp.get("augment")),
        dataset_id=str(dataset.get("id", "")),
        dataset_path=path if path.is_absolute() else (run_dir / path),
        config=_config(raw.get("config")),
        resume=resume,
        max_seconds=_num(limits, "max_seconds", "limits", float, 1, None, None),
        max_memory_mb=_num(limits, "max_memory_mb", "limits", int, 64, None, None),
    )


def load_spec(run_dir: Path) -> RunSpec:
    """Reads `<run_dir>/run.json`."""
    path = run_dir / "run.json"
    if not path.is_file():
        raise BadRun(f"{path} does not exist")
    try:
        raw = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise BadRun(f"run.json is not valid JSON: {exc}") from exc
    return parse_spec(raw, run_dir)


def resolve_loss(task: str, loss: str) -> str:
    """`auto` becomes the task's default; a loss that cannot train the task is refused."""
    if loss == "auto":
        return "bce" if task == "binary-segmentation" else "cross_entropy"
    if task == "classification" and loss != "cross_entropy":
        raise BadRun(f"loss {loss!r} does not apply to classification; use cross_entropy (or auto)")
    if task == "binary-segmentation" and loss == "cross_entropy":
        raise BadRun("cross_entropy needs ≥ 2 output channels; binary segmentation uses bce, dice or bce_dice")
    if task == "multiclass-segmentation" and loss in ("bce", "bce_dice"):
        raise BadRun(f"loss {loss!r} is for binary masks; multiclass segmentation uses cross_entropy or dice")
    return loss
