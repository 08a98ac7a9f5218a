"""Errors the runner reports as `error` events, each with a code and an exit status."""

from __future__ import annotations


class RunnerError(Exception):
    """An error with a one-line message for the user; `code` goes into the error event."""

    code = "train-failed"
    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadRun(RunnerError):
    code = "bad-run"
    exit_code = 2


class BadModel(RunnerError):
    code = "bad-model"
    exit_code = 2


class BadDataset(RunnerError):
    code = "bad-dataset"
    exit_code = 2


class TimeLimit(RunnerError):
    code = "time-limit"
    exit_code = 3


class MemoryLimit(RunnerError):
    code = "memory-limit"
    exit_code = 3


class Cancelled(Exception):
    """SIGTERM/SIGINT arrived: stop, report `end` with status cancelled, exit 0."""


def is_out_of_memory(exc: BaseException) -> bool:
    """torch reports a failed allocation as RuntimeError (CPU) or OutOfMemoryError (CUDA)."""
    text = str(exc)
    return isinstance(exc, MemoryError) or "can't allocate memory" in text or "out of memory" in text
