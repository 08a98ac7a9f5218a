"""ONNX export of the best model, checked by running it in onnxruntime against torch."""

from __future__ import annotations

import io
import warnings
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import torch
from torch import nn

OPSET = 18


def _export(model: nn.Module, sample: torch.Tensor, path: Path) -> None:
    """The TorchScript-based exporter: ~1 s where the dynamo one takes ~15 s on a CPU, and it
    needs no onnxscript. Deprecated but present in every torch we support (2.11+)."""
    with warnings.catch_warnings(), redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, (sample,), str(path), dynamo=False, opset_version=OPSET, input_names=["input"],
            output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        )


def export_onnx(model: nn.Module, shape: tuple[int, int, int], path: Path) -> float:
    """Exports `model` (moved to CPU float32, eval) and returns the max |onnxruntime − torch|
    on a random batch of 2; raises when onnxruntime cannot load it or disagrees."""
    import onnxruntime as ort

    model = model.to("cpu", torch.float32).eval()
    generator = torch.Generator().manual_seed(0)
    sample = torch.randn(2, *shape, generator=generator)
    _export(model, sample[:1], path)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (got,) = session.run(["logits"], {"input": sample.numpy()})
    with torch.no_grad():
        want = model(sample).numpy()
    if got.shape != want.shape:
        raise RuntimeError(f"onnxruntime output shape {got.shape} differs from torch {want.shape}")
    diff = float(np.max(np.abs(got - want)))
    scale = float(np.max(np.abs(want))) + 1.0
    if not diff <= 1e-3 * scale:
        raise RuntimeError(f"onnxruntime output differs from torch by {diff:.3g}")
    return diff
