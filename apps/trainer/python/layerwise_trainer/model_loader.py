"""Builds the module in model.py (graph-core generatePyTorch output)."""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path

import torch
from torch import nn

from .errors import BadModel, MemoryLimit, is_out_of_memory


def _find_class(module) -> type:
    model = getattr(module, "Model", None)
    if isinstance(model, type) and issubclass(model, nn.Module):
        return model
    classes = [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, nn.Module) and v.__module__ == module.__name__]
    if not classes:
        raise BadModel("model.py defines no nn.Module class")
    return classes[-1]  # dicts keep definition order; graph-core writes the top-level class last


def load_model(path: Path) -> nn.Module:
    """Imports model.py under a private name and constructs its model with no arguments."""
    if not path.is_file():
        raise BadModel(f"{path} does not exist")
    name = "layerwise_generated_model"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise BadModel(f"model.py line {exc.lineno}: {exc.msg}") from exc
    except Exception as exc:
        raise BadModel(f"model.py failed to import: {type(exc).__name__}: {exc}") from exc
    cls = _find_class(module)
    try:
        return cls()
    except TypeError as exc:
        raise BadModel(
            f"{cls.__name__}() failed with torch {torch.__version__}: {exc} "
            "(generated code may use an argument this torch does not have)"
        ) from exc
    except Exception as exc:
        if is_out_of_memory(exc):
            raise MemoryLimit(f"building {cls.__name__} ran out of memory: {exc}") from exc
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        raise BadModel(f"{cls.__name__}() failed at line {tb.lineno}: {type(exc).__name__}: {exc}") from exc


def expected_output(task: str, num_classes: int, shape: tuple[int, int, int]) -> tuple[int, ...]:
    """The per-sample output the task needs (without the batch dimension)."""
    if task == "classification":
        return (num_classes,)
    channels = 1 if task == "binary-segmentation" else num_classes
    return (channels, shape[1], shape[2])


def _forward(model: nn.Module, sample: torch.Tensor) -> object:
    model.eval()
    with torch.no_grad():
        return model(sample)


def check_output(model: nn.Module, task: str, num_classes: int, shape: tuple[int, int, int]) -> None:
    """One forward pass on a zero sample (eval mode, batch of 2) to refuse a wrong head at once.

    The pass runs on a copy built on the `meta` device, which computes shapes without any
    arithmetic (a real pass costs ~1 s on a small CPU before the first training step); whatever
    the meta pass cannot do (an op without a meta kernel, any error) is done for real, so the
    error a user sees is always the real one.
    """
    try:
        with torch.device("meta"):
            probe = type(model)()
        out = _forward(probe, torch.zeros(2, *shape, device="meta"))
    except Exception:  # noqa: BLE001 - decided by the real pass below
        out = None
    if not isinstance(out, torch.Tensor):
        try:
            out = _forward(model, torch.zeros(2, *shape))
        except Exception as exc:
            if is_out_of_memory(exc):
                raise MemoryLimit(f"one forward pass on {list(shape)} ran out of memory: {exc}") from exc
            raise BadModel(f"the model fails on an input of shape {list(shape)}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(out, torch.Tensor):
        raise BadModel(f"the model returns {type(out).__name__}, not a tensor")
    want = expected_output(task, num_classes, shape)
    if tuple(out.shape[1:]) != want:
        raise BadModel(f"{task} needs an output of shape {list(want)} per sample, the model gives {list(out.shape[1:])}")
