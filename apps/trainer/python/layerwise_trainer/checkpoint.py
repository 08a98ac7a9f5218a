"""checkpoint.pt (resume state), best.pt and final.pt, written atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from .errors import BadRun

FORMAT = "layerwise.checkpoint"


def atomic_save(obj: Any, path: Path) -> None:
    """A kill mid-write leaves the previous file, never a truncated one."""
    tmp = path.with_name(path.name + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def cpu_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().to("cpu", copy=True).contiguous() for k, v in model.state_dict().items()}


def save_resume(path: Path, *, epoch: int, model, optimizer, scheduler, best, history, stale, norm) -> None:
    atomic_save(
        {
            "format": FORMAT,
            "epoch": epoch,
            "model": cpu_state(model),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict() if scheduler is not None else None,
            "best": best,
            "history": history,
            "epochs_without_improvement": stale,
            "norm": norm,
            "rng": {"torch": torch.get_rng_state()},
            "torch": torch.__version__,
        },
        path,
    )


def load_resume(path: Path) -> dict:
    """Reads a checkpoint this runner wrote (our own file in the run dir, so full unpickling)."""
    if not path.is_file():
        raise BadRun(f"resume asks for {path.name}, but {path} does not exist")
    try:
        state = torch.load(path, map_location="cpu", weights_only=False)
    except Exception as exc:
        raise BadRun(f"{path.name} cannot be read: {type(exc).__name__}: {exc}") from exc
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise BadRun(f"{path.name} is not a Layerwise resume checkpoint")
    return state
