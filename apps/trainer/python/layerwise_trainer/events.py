"""JSON Lines events on stdout (README.md, "Events") and the human-readable log.txt."""

from __future__ import annotations

import json
import math
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any


def _clean(value: Any) -> Any:
    """JSON has no NaN/Infinity: such a float becomes null rather than invalid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


class Emitter:
    """Writes one event per line, flushed at once; thread-safe (the watchdog also reports)."""

    def __init__(self, stream: IO[str] | None = None, log_path: Path | None = None):
        self.stream = stream or sys.stdout
        self.log_file = open(log_path, "a", encoding="utf-8") if log_path else None
        self.lock = threading.Lock()

    def emit(self, type_: str, **fields: Any) -> dict:
        event = {"type": type_, "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), **fields}
        line = json.dumps(_clean(event), allow_nan=False)
        with self.lock:
            self.stream.write(line + "\n")
            self.stream.flush()
            if self.log_file and type_ != "progress":
                self.log_file.write(f"{event['time']} {self._describe(event)}\n")
                self.log_file.flush()
        return event

    def log(self, level: str, message: str) -> None:
        self.emit("log", level=level, message=message)

    def write_log(self, text: str) -> None:
        """Text for log.txt only (a traceback)."""
        if self.log_file:
            with self.lock:
                self.log_file.write(text.rstrip("\n") + "\n")
                self.log_file.flush()

    @staticmethod
    def _describe(event: dict) -> str:
        kind = event["type"]
        if kind == "log":
            return f"[{event['level']}] {event['message']}"
        if kind == "error":
            return f"[error] {event['message']}"
        rest = {k: v for k, v in event.items() if k not in ("type", "time")}
        return f"{kind} " + " ".join(f"{k}={v}" for k, v in rest.items())

    def close(self) -> None:
        if self.log_file:
            self.log_file.close()
            self.log_file = None


class ProgressThrottle:
    """Lets a progress event through at most every `interval` seconds, and always the last step.

    Each progress event becomes a row in Postgres and a message to every viewer, handled by a
    worker sharing the training's cores; one every 2 s keeps the bar and the ETA live while
    leaving those cores to the training (an OpenMP step waits for its slowest thread)."""

    def __init__(self, interval: float = 2.0):
        self.interval = interval
        self.last = 0.0

    def ready(self, step: int, steps: int) -> bool:
        now = time.monotonic()
        if step == steps or now - self.last >= self.interval:
            self.last = now
            return True
        return False
