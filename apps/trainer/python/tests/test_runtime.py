import pytest

from layerwise_trainer.errors import BadRun
from layerwise_trainer.runtime import plan_runtime
from layerwise_trainer.spec import TrainConfig


def test_cuda_host_gets_bf16_channels_last_cudnn_benchmark_and_pinned_memory():
    plan = plan_runtime(TrainConfig(num_workers=4), cuda_available=True, bf16_supported=True, cpu_count=16)
    assert plan.device == "cuda:0"
    assert plan.amp_bf16 and plan.channels_last and plan.cudnn_benchmark and plan.pin_memory
    assert plan.threads is None and plan.num_workers == 4


def test_amp_off_or_no_bf16_keeps_fp32_on_cuda():
    assert not plan_runtime(TrainConfig(amp=False), cuda_available=True, bf16_supported=True, cpu_count=8).amp_bf16
    assert not plan_runtime(TrainConfig(), cuda_available=True, bf16_supported=False, cpu_count=8).amp_bf16


def test_cpu_sets_threads_and_uses_none_of_the_cuda_switches():
    plan = plan_runtime(TrainConfig(threads=2), cuda_available=False, bf16_supported=False, cpu_count=16)
    assert plan.device == "cpu" and plan.threads == 2
    assert not (plan.amp_bf16 or plan.channels_last or plan.cudnn_benchmark or plan.pin_memory)
    assert plan_runtime(TrainConfig(), cuda_available=False, bf16_supported=False, cpu_count=3).threads == 3


def test_device_cpu_on_a_cuda_host_stays_on_cpu():
    assert plan_runtime(TrainConfig(device="cpu"), cuda_available=True, bf16_supported=True, cpu_count=4).device == "cpu"


def test_explicit_cuda_without_a_gpu_is_refused():
    with pytest.raises(BadRun, match="asks for device cuda"):
        plan_runtime(TrainConfig(device="cuda"), cuda_available=False, bf16_supported=False, cpu_count=4)
