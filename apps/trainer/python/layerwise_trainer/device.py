"""Picks the training device and describes the runtime, for the worker's health report."""

from __future__ import annotations

import json
import platform
import sys

import torch


def pick_device(preferred: str = "auto") -> torch.device:
    """`auto` takes CUDA when present, else CPU. An explicit `cuda` without a GPU is an error,
    so a run that was meant for a GPU never silently crawls on the CPU."""
    if preferred == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if preferred.startswith("cuda") and not torch.cuda.is_available():
        raise RuntimeError("CUDA was requested but torch.cuda.is_available() is False on this host")
    return torch.device(preferred)


def describe_runtime() -> dict:
    """What this host can train with: versions, CUDA devices and their memory."""
    cuda = torch.cuda.is_available()
    devices = []
    if cuda:
        for index in range(torch.cuda.device_count()):
            props = torch.cuda.get_device_properties(index)
            devices.append({"index": index, "name": props.name, "memory_gb": round(props.total_memory / 2**30, 1)})
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "cuda": cuda,
        "cuda_version": torch.version.cuda,
        "devices": devices,
        "default_device": str(pick_device()),
    }


if __name__ == "__main__":
    json.dump(describe_runtime(), sys.stdout)
    sys.stdout.write("\n")
