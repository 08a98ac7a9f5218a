"""Time and memory limits, and SIGTERM = cancel, for the runner process."""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from typing import Callable


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    """Peak resident memory of the runner (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def install_cancel(cancel: threading.Event) -> None:
    """SIGTERM and SIGINT set `cancel`; the loop checks it every batch."""

    def handler(signum, _frame):
        cancel.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


class Watchdog(threading.Thread):
    """Ends the process when the loop cannot: a cancel the loop has not honoured within
    `cancel_grace` s (one very long batch), the wall-clock limit plus a grace, or resident memory
    past the budget. `on_fire(kind)` reports and must
    not return; it runs at most once."""

    def __init__(self, cancel: threading.Event, on_fire: Callable[[str], None], *, deadline: float | None,
                 rss_budget_mb: float | None, cancel_grace: float = 3.0):
        super().__init__(daemon=True, name="layerwise-watchdog")
        self.cancel, self.on_fire = cancel, on_fire
        self.deadline, self.rss_budget_mb, self.cancel_grace = deadline, rss_budget_mb, cancel_grace
        self.done = threading.Event()

    def run(self) -> None:
        cancelled_at = None
        while not self.done.wait(0.25):
            now = time.monotonic()
            if self.cancel.is_set():
                cancelled_at = cancelled_at or now
                if now - cancelled_at > self.cancel_grace:
                    return self.on_fire("cancel")
            if self.deadline is not None and now > self.deadline + 10:
                return self.on_fire("time")
            if self.rss_budget_mb is not None and rss_mb() > self.rss_budget_mb:
                return self.on_fire("memory")
