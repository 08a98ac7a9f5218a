"""Chooses how to run on this host: device, bf16 autocast, channels_last, cuDNN benchmark,
pinned memory, CPU threads. A pure function of the config and what the host has, so the CUDA path
is tested on a CPU-only machine too."""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch

from .errors import BadRun
from .spec import TrainConfig


@dataclass(frozen=True)
class Plan:
    device: str  # "cpu" | "cuda:0"
    amp_bf16: bool
    channels_last: bool
    cudnn_benchmark: bool
    pin_memory: bool
    threads: int | None  # torch.set_num_threads on CPU; None = leave torch's default
    num_workers: int


def plan_runtime(config: TrainConfig, *, cuda_available: bool, bf16_supported: bool, cpu_count: int | None) -> Plan:
    """The run's execution plan; an explicit `cuda` on a host without one is an error."""
    if config.device == "cuda" and not cuda_available:
        raise BadRun("the run asks for device cuda, but torch.cuda.is_available() is False on this host")
    use_cuda = cuda_available and config.device in ("auto", "cuda")
    if use_cuda:
        return Plan(
            device="cuda:0",
            amp_bf16=config.amp and bf16_supported,
            channels_last=True,
            cudnn_benchmark=True,
            pin_memory=True,
            threads=None,
            num_workers=config.num_workers,
        )
    threads = config.threads if config.threads is not None else max(1, min(cpu_count or 1, 8))
    return Plan(
        device="cpu",
        amp_bf16=False,  # bf16 autocast on CPU is slower than fp32 on most CPUs and changes results
        channels_last=False,
        cudnn_benchmark=False,
        pin_memory=False,
        threads=threads,
        num_workers=config.num_workers,
    )


def host_plan(config: TrainConfig) -> Plan:
    """`plan_runtime` for this host."""
    cuda = torch.cuda.is_available()
    bf16 = bool(cuda and torch.cuda.is_bf16_supported())
    return plan_runtime(config, cuda_available=cuda, bf16_supported=bf16, cpu_count=os.cpu_count())


def apply_plan(plan: Plan) -> torch.device:
    """Sets the process-wide torch switches the plan asks for and returns the device."""
    if plan.threads is not None:
        torch.set_num_threads(plan.threads)
    if plan.device.startswith("cuda"):
        torch.backends.cudnn.benchmark = plan.cudnn_benchmark
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    return torch.device(plan.device)


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    import platform

    return platform.processor() or platform.machine() or "cpu"
