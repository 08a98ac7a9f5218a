"""The event fields README.md promises (and packages/protocol's ZTrainingEvent requires)."""

from __future__ import annotations

import math
from datetime import datetime

NUMBER = (int, float)
REQUIRED = {
    "start": {"device": str, "epochs": int, "params": int, "torch": str, "threads": int, "start_epoch": int},
    "progress": {"epoch": int, "step": int, "steps": int, "loss": NUMBER, "eta_s": NUMBER, "images_per_s": NUMBER},
    "epoch": {"epoch": int, "train_loss": NUMBER, "val_loss": NUMBER, "val_iou": NUMBER, "lr": NUMBER,
              "seconds": NUMBER, "images_per_s": NUMBER, "device": str, "is_best": bool},
    "checkpoint": {"epoch": int, "path": str, "kind": str},
    "log": {"level": str, "message": str},
    "end": {"status": str, "epochs_completed": int, "seconds": NUMBER, "peak_memory_mb": NUMBER, "artifacts": list},
    "error": {"message": str, "code": str},
}


def check_event(event: dict) -> None:
    kind = event.get("type")
    assert kind in REQUIRED, f"unknown event type {kind!r}"
    datetime.fromisoformat(event["time"])
    for key, typ in REQUIRED[kind].items():
        assert key in event, f"{kind} event lacks {key}: {event}"
        assert isinstance(event[key], typ) and not (typ is int and isinstance(event[key], bool)), (kind, key, event)
        if isinstance(event[key], float):
            assert math.isfinite(event[key])
    if kind == "progress":
        assert 1 <= event["step"] <= event["steps"] and event["epoch"] >= 1
    if kind == "end":
        assert event["status"] in ("succeeded", "cancelled")
    if kind == "log":
        assert event["level"] in ("debug", "info", "warn", "error")


def check_stream(events: list[dict]) -> None:
    for event in events:
        check_event(event)
    closing = [e for e in events if e["type"] in ("end", "error")]
    assert len(closing) == 1 and events[-1] is closing[0], "exactly one end/error event, and it comes last"
