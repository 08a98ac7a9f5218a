import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from layerwise_trainer.device import describe_runtime, pick_device


def test_auto_picks_cuda_only_when_available():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert pick_device().type == expected


def test_explicit_cuda_without_gpu_is_an_error():
    if torch.cuda.is_available():
        assert pick_device("cuda").type == "cuda"
    else:
        with pytest.raises(RuntimeError, match="CUDA was requested"):
            pick_device("cuda")


def test_runtime_report_runs_a_real_tensor_op_on_the_default_device():
    report = describe_runtime()
    assert report["torch"] == torch.__version__
    device = torch.device(report["default_device"])
    x = torch.ones(2, 3, device=device)
    assert (x @ x.T).sum().item() == 12.0
    assert len(report["devices"]) == (torch.cuda.device_count() if report["cuda"] else 0)


def test_module_entry_point_prints_one_json_line():
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-m", "layerwise_trainer.device"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out)["torch"] == torch.__version__
