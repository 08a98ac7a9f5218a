"""Loads the user's model class from a .py file, builds it, and traces one forward pass."""

from __future__ import annotations

import importlib.util
import inspect
import os
import sys
import uuid
from typing import Any

import torch
from torch import nn

from .document import build_document
from .errors import UserInputError, first_line
from .module_params import param_count
from .tracer import Recorder


def load_class(path: str, class_name: str) -> type:
    if not os.path.isfile(path):
        raise UserInputError(f"cannot read {path}: no such file")
    directory = os.path.dirname(os.path.abspath(path))
    if directory not in sys.path:
        sys.path.insert(0, directory)  # the model may import its sibling files
    spec = importlib.util.spec_from_file_location(f"layerwise_user_{uuid.uuid4().hex}", path)
    if spec is None or spec.loader is None:
        raise UserInputError(f"cannot load {path} as a Python module")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        raise UserInputError(f"{path}:{error.lineno}: SyntaxError: {error.msg}") from error
    except Exception as error:  # the user's module-level code failed
        raise UserInputError(f"{path} failed to load: {first_line(error)}") from error
    cls = getattr(module, class_name, None)
    if cls is None:
        classes = sorted(
            n for n, v in vars(module).items()
            if inspect.isclass(v) and issubclass(v, nn.Module) and v.__module__ == module.__name__
        )
        found = f" (nn.Module classes there: {', '.join(classes)})" if classes else ""
        raise UserInputError(f"{path} has no class {class_name}{found}")
    if not (inspect.isclass(cls) and issubclass(cls, nn.Module)):
        raise UserInputError(f"{path}: {class_name} is not an nn.Module class")
    return cls


def construct(cls: type, args: dict[str, Any], device: str) -> nn.Module:
    try:
        with torch.device(device):
            return cls(**args)
    except Exception as error:
        shown = ", ".join(f"{k}={v!r}" for k, v in args.items())
        raise UserInputError(f"{cls.__name__}({shown}) failed: {first_line(error)}") from error


def trace(model: nn.Module, path: str, shape: list[int], dtype: str, device: str) -> dict:
    model.eval()
    # Batch 2: a reshape that keeps the batch (x.view(x.size(0), -1)) is told apart from one
    # that folds it, and BatchNorm accepts it in any mode.
    if dtype == "long":
        x = torch.zeros((2, *shape), dtype=torch.long, device=device)
    else:
        x = torch.zeros((2, *shape), device=device)
    recorder = Recorder(model, path, path)
    recorder.start([x])
    try:
        with torch.no_grad(), recorder:
            out = model(x)
    except Exception as error:
        raise UserInputError(
            f"{type(model).__name__} rejects an input of shape {shape}: {first_line(error)}"
        ) from error
    finally:
        recorder.close()
    outputs = [t for t in (out if isinstance(out, (tuple, list)) else [out]) if isinstance(t, torch.Tensor)]
    if not outputs or recorder.root.producers.get(id(outputs[0])) is None:
        raise UserInputError(f"{type(model).__name__}.forward returns no tensor computed from its input")
    result = build_document(recorder.root, type(model).__name__)
    result["output"] = recorder.root.producers[id(outputs[0])]
    return result


def import_pytorch(path: str, class_name: str, args: dict[str, Any], shape: list[int], dtype: str) -> dict:
    """The document and its proof data for `class_name(**args)` from `path` traced on `shape`.

    Tries the `meta` device first (no memory, no arithmetic); a model that cannot be built or
    run there (data-dependent code, explicit devices) is traced on the CPU instead."""
    cls = load_class(path, class_name)
    try:
        model = construct(cls, args, "meta")
        result = trace(model, path, shape, dtype, "meta")
        device = "meta"
    except UserInputError:
        model = construct(cls, args, "cpu")
        result = trace(model, path, shape, dtype, "cpu")
        device = "cpu"
    result["totalParams"] = param_count(model)
    result["paramsFrom"] = "torch"
    result["device"] = device
    return result
