"""Maps one traced functional call or tensor method onto a graph-core layer or graph op.

Every handler gets the call's arguments with the model's tensors still in them, the input
ranks (batch included) and the traced output shape, and returns `(type, params)` or None when
the call has no graph-core equivalent (the importer then keeps it as an UnsupportedOp node).
Params use the torch constructor names of the layer the call corresponds to (`F.pad` →
`ZeroPad2d(padding=…)`), so the document reads as if the model had used the module.
"""

from __future__ import annotations

from typing import Any, Callable

import torch

from .reshapes import reshape_as_layer

TMapped = tuple[str, dict[str, Any]] | None

# Calls that return their input unchanged as far as the graph is concerned.
PASSTHROUGH = frozenset(
    {"contiguous", "clone", "detach", "float", "to", "type_as", "requires_grad_", "cpu", "cuda"}
)


def _arg(args: tuple, kwargs: dict, index: int, name: str, default: Any = None) -> Any:
    if name in kwargs:
        return kwargs[name]
    return args[index] if len(args) > index else default


def _dim(dim: int, rank: int) -> int:
    return dim + rank if dim < 0 else dim


def _activation(kind: str, **names: tuple[int, Any]) -> Callable[..., TMapped]:
    """A handler for `F.kind(x, name=…)`: each keyword maps a call argument to its position
    and torch default."""

    def handler(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
        params = {}
        for name, (index, default) in names.items():
            value = _arg(args, kwargs, index, name, default)
            if value != default:
                params[name] = value
        return kind, params

    return handler


def _softmax(kind: str) -> Callable[..., TMapped]:
    def handler(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
        dim = _arg(args, kwargs, 1, "dim")
        return (kind, {"dim": dim}) if isinstance(dim, int) else None

    return handler


def _cat(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
    dim = _dim(_arg(args, kwargs, 1, "dim", 0), len(out))
    return None if dim == 0 else ("Concat", {"dim": dim})


def _merge(kind: str) -> Callable[..., TMapped]:
    def handler(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
        tensors = [a for a in args[:2] if isinstance(a, torch.Tensor)]
        if len(tensors) != 2 or kwargs.get("alpha", 1) != 1:
            return None
        return kind, {}

    return handler


def _pool(kind: str, names: tuple[str, ...]) -> Callable[..., TMapped]:
    """`F.max_pool2d(x, kernel_size, stride=None, …)`: stride None or equal to the kernel
    is the layer's default."""

    def handler(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
        params: dict[str, Any] = {}
        for index, name in enumerate(names, start=1):
            value = _arg(args, kwargs, index, name)
            if value is not None:
                params[name] = list(value) if isinstance(value, tuple) else value
        if params.get("stride") in ([], params.get("kernel_size")):
            params.pop("stride")
        if params.pop("return_indices", False):
            return None
        # Defaults that torch's functional form spells out (padding 0, dilation 1, …).
        return kind, {k: v for k, v in params.items() if not _is_functional_default(k, v)}

    return handler


def _adaptive(kind: str) -> Callable[..., TMapped]:
    def handler(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
        size = _arg(args, kwargs, 1, "output_size")
        if _arg(args, kwargs, 2, "return_indices", False):
            return None
        return kind, {"output_size": list(size) if isinstance(size, tuple) else size}

    return handler


PAD_KINDS = {"reflect": "ReflectionPad", "replicate": "ReplicationPad", "circular": "CircularPad"}


def _pad(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
    pad = [int(p) for p in _arg(args, kwargs, 1, "pad")]
    mode = _arg(args, kwargs, 2, "mode", "constant")
    value = _arg(args, kwargs, 3, "value", None)
    if len(pad) % 2 or not 2 <= len(pad) <= 6:
        return None
    n = len(pad) // 2
    if mode == "constant":
        if value in (None, 0, 0.0):
            return f"ZeroPad{n}d", {"padding": pad}
        return f"ConstantPad{n}d", {"padding": pad, "value": value}
    return (f"{PAD_KINDS[mode]}{n}d", {"padding": pad}) if mode in PAD_KINDS else None


def _interpolate(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
    params: dict[str, Any] = {}
    for index, name in enumerate(("size", "scale_factor", "mode", "align_corners"), start=1):
        value = _arg(args, kwargs, index, name)
        if value is not None:
            params[name] = list(value) if isinstance(value, tuple) else value
    if params.get("mode") == "nearest":
        params.pop("mode")
    if _arg(args, kwargs, 5, "recompute_scale_factor") or _arg(args, kwargs, 6, "antialias"):
        return None
    return "Upsample", params


def _flatten(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
    rank = ranks[0]
    start = _dim(_arg(args, kwargs, 1, "start_dim", 0), rank)
    end = _dim(_arg(args, kwargs, 2, "end_dim", -1), rank)
    if start == 0:
        return None
    params: dict[str, Any] = {}
    if start != 1:
        params["start_dim"] = start
    if end != rank - 1:
        params["end_dim"] = end
    return "Flatten", params


def _transpose(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
    rank = ranks[0]
    d0 = _dim(_arg(args, kwargs, 1, "dim0"), rank)
    d1 = _dim(_arg(args, kwargs, 2, "dim1"), rank)
    return "Transpose", {"dim0": min(d0, d1), "dim1": max(d0, d1)}


def _permute(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
    dims = args[1] if len(args) == 2 and isinstance(args[1], (list, tuple)) else args[1:]
    dims = [_dim(int(d), ranks[0]) for d in dims]
    moved = [i for i, d in enumerate(dims) if d != i]
    if len(moved) != 2:
        return None
    return "Transpose", {"dim0": moved[0], "dim1": moved[1]}


def _dropout(kind: str) -> Callable[..., TMapped]:
    def handler(args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
        p = _arg(args, kwargs, 1, "p", 0.5)
        return kind, ({} if p == 0.5 else {"p": p})

    return handler


HANDLERS: dict[str, Callable[..., TMapped]] = {
    "cat": _cat,
    "concat": _cat,
    "concatenate": _cat,
    "add": _merge("Add"),
    "add_": _merge("Add"),
    "__add__": _merge("Add"),
    "__radd__": _merge("Add"),
    "__iadd__": _merge("Add"),
    "mul": _merge("Multiply"),
    "mul_": _merge("Multiply"),
    "multiply": _merge("Multiply"),
    "__mul__": _merge("Multiply"),
    "__rmul__": _merge("Multiply"),
    "__imul__": _merge("Multiply"),
    "relu": _activation("ReLU"),
    "relu_": _activation("ReLU"),
    "relu6": _activation("ReLU6"),
    "sigmoid": _activation("Sigmoid"),
    "sigmoid_": _activation("Sigmoid"),
    "tanh": _activation("Tanh"),
    "silu": _activation("SiLU"),
    "mish": _activation("Mish"),
    "hardswish": _activation("Hardswish"),
    "hardsigmoid": _activation("Hardsigmoid"),
    "gelu": _activation("GELU", approximate=(1, "none")),
    "leaky_relu": _activation("LeakyReLU", negative_slope=(1, 0.01)),
    "elu": _activation("ELU", alpha=(1, 1.0)),
    "selu": _activation("SELU"),
    "softplus": _activation("Softplus", beta=(1, 1.0), threshold=(2, 20.0)),
    "hardtanh": _activation("Hardtanh", min_val=(1, -1.0), max_val=(2, 1.0)),
    "softmax": _softmax("Softmax"),
    "log_softmax": _softmax("LogSoftmax"),
    "softmin": _softmax("Softmin"),
    "dropout": _dropout("Dropout"),
    "dropout1d": _dropout("Dropout1d"),
    "dropout2d": _dropout("Dropout2d"),
    "dropout3d": _dropout("Dropout3d"),
    "pad": _pad,
    "interpolate": _interpolate,
    "upsample": _interpolate,
    "flatten": _flatten,
    "transpose": _transpose,
    "swapaxes": _transpose,
    "swapdims": _transpose,
    "permute": _permute,
}
POOL_NAMES = ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices")
AVG_NAMES = ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override")
for _n in (1, 2, 3):
    HANDLERS[f"max_pool{_n}d"] = _pool(f"MaxPool{_n}d", POOL_NAMES)
    HANDLERS[f"avg_pool{_n}d"] = _pool(f"AvgPool{_n}d", AVG_NAMES)
    HANDLERS[f"adaptive_avg_pool{_n}d"] = _adaptive(f"AdaptiveAvgPool{_n}d")
    HANDLERS[f"adaptive_max_pool{_n}d"] = _adaptive(f"AdaptiveMaxPool{_n}d")


def map_call(name: str, args: tuple, kwargs: dict, ranks: list[int], out: list[int]) -> TMapped:
    """The layer for a call named `name` (`cat`, `relu`, `view`, …), or None."""
    if name in ("view", "reshape"):
        return reshape_as_layer(_shape_of(args[0]), out)
    handler = HANDLERS.get(name)
    return None if handler is None else handler(args, kwargs, ranks, out)


_FUNCTIONAL_DEFAULTS = {"padding": 0, "dilation": 1, "ceil_mode": False, "count_include_pad": True}


def _is_functional_default(name: str, value: Any) -> bool:
    default = _FUNCTIONAL_DEFAULTS.get(name)
    if default is None:
        return False
    if isinstance(value, list):
        return all(v == default for v in value)
    return value == default and type(value) is type(default)


def _shape_of(t: Any) -> list[int]:
    return list(t.shape) if isinstance(t, torch.Tensor) else []


def op_name(func: Any) -> str:
    """A readable name for a traced callable: `torch.cat`, `F.pad`, `Tensor.roll`."""
    name = getattr(func, "__name__", repr(func))
    module = getattr(func, "__module__", None) or ""
    qual = getattr(func, "__qualname__", "")
    if module.startswith("torch.nn.functional") or module == "torch._C._nn":
        return f"F.{name}"
    if qual.startswith(("TensorBase.", "Tensor.")) or qual == "getset_descriptor.__get__":
        return f"Tensor.{name}"
    if module.startswith("torch") or qual.startswith("_VariableFunctionsClass."):
        return f"torch.{name}"
    return f"{module}.{name}" if module else name
