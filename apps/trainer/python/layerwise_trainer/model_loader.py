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


def check_output(out: object, task: str, num_classes: int, shape: tuple[int, int, int]) -> None:
    """Refuses an output the task cannot use (graph-core checked the shapes already; this is the
    backstop for a model torch runs differently)."""
    if not isinstance(out, torch.Tensor):
        raise BadModel(f"the model returns {type(out).__name__}, not a tensor")
    want = expected_output(task, num_classes, shape)
    if tuple(out.shape[1:]) != want:
        raise BadModel(f"{task} needs an output of shape {list(want)} per sample, the model gives {list(out.shape[1:])}")


def first_forward(model: nn.Module, x: torch.Tensor, task: str, num_classes: int, shape: tuple[int, int, int]) -> torch.Tensor:
    """The first training batch's forward pass, checked: a model that fails on the input or
    returns the wrong shape is refused there, before any loss or weight update.

    Checking here rather than with a separate pass before training costs nothing, where a
    separate real pass costs up to seconds for a large model on a CPU."""
    try:
        out = model(x)
    except Exception as exc:
        if is_out_of_memory(exc):
            raise MemoryLimit(f"one forward pass on a batch of {list(x.shape)} ran out of memory: {exc}") from exc
        raise BadModel(f"the model fails on an input of shape {list(shape)}: {type(exc).__name__}: {exc}") from exc
    check_output(out, task, num_classes, shape)
    return out
