"""The training loop: epochs of seeded batches, validation on the whole set, checkpoints."""

from __future__ import annotations

import contextlib
import csv
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader

from .checkpoint import atomic_save, cpu_state, load_resume, save_resume
from .data import TrainingData
from .errors import Cancelled, RunnerError, TimeLimit
from .events import Emitter, ProgressThrottle
from .losses import TLoss
from .metrics import MetricAccumulator
from .model_loader import first_forward
from .optim import current_lr
from .runtime import Plan
from .spec import RunSpec

METRIC_FIELDS = ["epoch", "train_loss", "val_loss", "val_iou", "val_dice", "val_acc", "lr", "seconds", "images_per_s"]


@dataclass
class Loop:
    spec: RunSpec
    plan: Plan
    device: torch.device
    model: nn.Module
    loss_fn: TLoss
    train_data: TrainingData
    val_data: TrainingData
    emitter: Emitter
    run_dir: Path
    cancel: threading.Event
    norm: dict
    deadline: float | None = None
    history: list[dict] = field(default_factory=list)
    best: dict | None = None
    stale: int = 0
    started: float = field(default_factory=time.monotonic)
    steps_done: int = 0
    output_checked: bool = False


def epoch_seed(seed: int, epoch: int) -> int:
    """Each epoch's shuffling/augmentation seed: derived, so a resumed run needs no RNG replay."""
    return (seed * 1_000_003 + epoch * 7_919) % (2**63)


def _worker_init(_: int) -> None:
    import signal

    # The worker's process group gets the SIGTERM meant for the runner; the runner stops them.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def make_loader(loop: Loop, data: TrainingData, shuffle: bool, epoch: int) -> DataLoader:
    generator = torch.Generator().manual_seed(epoch_seed(loop.spec.config.seed, epoch))
    workers = loop.plan.num_workers
    return DataLoader(
        data,
        batch_size=loop.spec.config.batch_size,
        shuffle=shuffle,
        drop_last=shuffle and len(data) > loop.spec.config.batch_size,  # no BatchNorm batch of 1
        num_workers=workers,
        pin_memory=loop.plan.pin_memory,
        generator=generator,
        worker_init_fn=_worker_init if workers else None,
        persistent_workers=False,
    )


def _autocast(loop: Loop):
    if loop.plan.amp_bf16:
        return torch.autocast(device_type="cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def _to_device(loop: Loop, x: torch.Tensor, y: torch.Tensor):
    blocking = not loop.plan.pin_memory
    if loop.plan.channels_last and x.ndim == 4:
        x = x.to(loop.device, non_blocking=not blocking, memory_format=torch.channels_last)
    else:
        x = x.to(loop.device, non_blocking=not blocking)
    return x, y.to(loop.device, non_blocking=not blocking)


def _check_stop(loop: Loop) -> None:
    if loop.cancel.is_set():
        raise Cancelled()
    if loop.deadline is not None and time.monotonic() > loop.deadline:
        raise TimeLimit(f"time limit of {loop.spec.max_seconds:g} s exceeded")


def _progress(loop: Loop, throttle, epoch, step, steps, loss_sum, images, epoch_start) -> None:
    if not throttle.ready(step, steps):
        return
    total_steps = loop.spec.config.epochs * steps
    remaining = total_steps - ((epoch - 1) * steps + step)
    per_step = (time.monotonic() - loop.started) / max(loop.steps_done, 1)
    loop.emitter.emit(
        "progress", epoch=epoch, step=step, steps=steps, loss=round(loss_sum / step, 6),
        images_per_s=round(images / max(time.monotonic() - epoch_start, 1e-9), 2), eta_s=round(remaining * per_step, 1),
    )


def train_epoch(loop: Loop, opt, scheduler, epoch: int) -> tuple[float, int, float]:
    """One pass over the training set: (mean loss, images, seconds)."""
    torch.manual_seed(epoch_seed(loop.spec.config.seed, epoch))
    loader = make_loader(loop, loop.train_data, True, epoch)
    steps = len(loader)
    loop.model.train()
    throttle, loss_sum, images, start = ProgressThrottle(), 0.0, 0, time.monotonic()
    for step, (x, y) in enumerate(loader, start=1):
        _check_stop(loop)
        x, y = _to_device(loop, x, y)
        with _autocast(loop):
            if loop.output_checked:
                logits = loop.model(x)
            else:
                spec = loop.spec
                logits = first_forward(loop.model, x, spec.task, spec.num_classes, spec.shape)
                loop.output_checked = True
        loss = loop.loss_fn(logits, y)
        if not torch.isfinite(loss):
            raise RunnerError(f"training diverged: the loss is {loss.item()} at epoch {epoch} step {step}; lower the learning rate")
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if scheduler is not None:
            scheduler.step()
        loss_sum += float(loss.detach())
        images += int(x.shape[0])
        loop.steps_done += 1
        _progress(loop, throttle, epoch, step, steps, loss_sum, images, start)
    return loss_sum / max(steps, 1), images, time.monotonic() - start


def validate(loop: Loop) -> dict[str, float]:
    """Metrics over the whole validation set (counts summed over batches)."""
    acc = MetricAccumulator(loop.spec.task, loop.spec.num_classes)
    loop.model.eval()
    with torch.no_grad():
        for x, y in make_loader(loop, loop.val_data, False, 0):
            _check_stop(loop)
            x, y = _to_device(loop, x, y)
            with _autocast(loop):
                logits = loop.model(x)
            logits = logits.float()
            acc.update(logits, y, float(loop.loss_fn(logits, y)))
    return acc.compute()


def _score(loop: Loop, row: dict) -> float:
    return row["val_acc"] if loop.spec.task == "classification" else row["val_iou"]


def _best_summary(loop: Loop, row: dict) -> dict:
    keep = ("epoch", "val_iou", "val_dice", "val_acc")
    return {k: row[k] for k in keep if k in row}


def write_metrics_csv(path: Path, history: list[dict]) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=METRIC_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for row in history:
            writer.writerow({k: row.get(k, "") for k in METRIC_FIELDS})


def resume_state(loop: Loop, opt, scheduler) -> int:
    """Loads checkpoint.pt when the run resumes; returns the first epoch to train."""
    if loop.spec.resume is None:
        return 1
    state = load_resume(loop.run_dir / loop.spec.resume)
    loop.model.load_state_dict(state["model"])
    opt.load_state_dict(state["optimizer"])
    if scheduler is not None and state.get("scheduler") is not None:
        scheduler.load_state_dict(state["scheduler"])
    loop.best, loop.history = state.get("best"), list(state.get("history") or [])
    loop.stale = int(state.get("epochs_without_improvement") or 0)
    return int(state["epoch"]) + 1


def run_epochs(loop: Loop, opt, scheduler, first_epoch: int) -> bool:
    """Trains from `first_epoch` to the configured last one; True when early stopping ended it."""
    cfg = loop.spec.config
    for epoch in range(first_epoch, cfg.epochs + 1):
        train_loss, images, seconds = train_epoch(loop, opt, scheduler, epoch)
        val_start = time.monotonic()
        metrics = validate(loop)
        row = {"epoch": epoch, "train_loss": train_loss, **metrics, "lr": current_lr(opt)}
        row |= {"seconds": round(seconds + time.monotonic() - val_start, 3), "images_per_s": round(images / max(seconds, 1e-9), 2)}
        is_best = loop.best is None or _score(loop, row) > _score(loop, loop.best)
        if is_best:
            loop.best, loop.stale = row, 0
            atomic_save(cpu_state(loop.model), loop.run_dir / "best.pt")
        else:
            loop.stale += 1
        loop.history.append(row)
        loop.emitter.emit("epoch", **row, device=loop.plan.device, is_best=is_best)
        write_metrics_csv(loop.run_dir / "metrics.csv", loop.history)
        save_resume(
            loop.run_dir / "checkpoint.pt", epoch=epoch, model=loop.model, optimizer=opt, scheduler=scheduler,
            best=loop.best, history=loop.history, stale=loop.stale, norm=loop.norm,
        )
        loop.emitter.emit("checkpoint", epoch=epoch, path="checkpoint.pt", kind="resume")
        if is_best:
            loop.emitter.emit("checkpoint", epoch=epoch, path="best.pt", kind="best")
        patience = cfg.early_stopping_patience
        if patience is not None and loop.stale >= patience and epoch < cfg.epochs:
            loop.emitter.log("info", f"early stopping: no better validation score for {patience} epochs")
            return True
    return False


def steps_per_epoch(loop: Loop) -> int:
    n, b = len(loop.train_data), loop.spec.config.batch_size
    return n // b if n > b else 1
