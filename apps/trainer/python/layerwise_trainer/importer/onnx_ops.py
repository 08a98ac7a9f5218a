"""ONNX operators → graph-core layers (the same targets as the PyTorch mapping).

Each mapper gets the node, its attributes, the constant inputs (initializers and Constant
outputs as numpy arrays) and the traced shapes, and returns `(type, params)` or None.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .reshapes import reshape_as_layer

TMapped = tuple[str, dict[str, Any]] | None


class OnnxNode:
    """What a mapper sees of one ONNX node."""

    def __init__(self, op: str, attrs: dict[str, Any], inputs: list[str], consts: dict[str, np.ndarray],
                 in_shape: list[int] | None, out_shape: list[int] | None) -> None:
        self.op = op
        self.attrs = attrs
        self.inputs = inputs
        self.consts = consts
        self.in_shape = in_shape  # with the batch
        self.out_shape = out_shape

    def const(self, k: int) -> np.ndarray | None:
        if k >= len(self.inputs) or not self.inputs[k]:
            return None
        return self.consts.get(self.inputs[k])

    def has_input(self, k: int) -> bool:
        return k < len(self.inputs) and bool(self.inputs[k])


def _ints(values: Any) -> list[int]:
    return [int(v) for v in values]


def _collapse(values: list[int]) -> Any:
    return values[0] if values and all(v == values[0] for v in values) else values


def _symmetric(pads: list[int] | None, rank: int) -> list[int] | None:
    pads = pads or [0] * (2 * rank)
    return pads[:rank] if pads[:rank] == pads[rank:] else None


def _conv(node: OnnxNode, transposed: bool) -> TMapped:
    weight = node.const(1)
    if weight is None:
        return None
    rank = weight.ndim - 2
    groups = int(node.attrs.get("group", 1))
    params: dict[str, Any] = {
        "out_channels": int(weight.shape[1] * groups if transposed else weight.shape[0]),
        "kernel_size": _collapse(_ints(node.attrs.get("kernel_shape", weight.shape[2:]))),
    }
    auto_pad = node.attrs.get("auto_pad", b"NOTSET")
    auto_pad = auto_pad.decode() if isinstance(auto_pad, bytes) else auto_pad
    strides = _ints(node.attrs.get("strides", [1] * rank))
    if auto_pad in ("SAME_UPPER", "SAME_LOWER") and not transposed and set(strides) == {1}:
        params["padding"] = "same"
    elif auto_pad in ("NOTSET", "VALID"):
        padding = _symmetric(_ints(node.attrs.get("pads", [])) or None, rank)
        if padding is None:
            return None
        params["padding"] = _collapse(padding)
    else:
        return None
    params["stride"] = _collapse(strides)
    params["dilation"] = _collapse(_ints(node.attrs.get("dilations", [1] * rank)))
    if transposed:
        if "output_shape" in node.attrs:
            return None
        params["output_padding"] = _collapse(_ints(node.attrs.get("output_padding", [0] * rank)))
    params["groups"] = groups
    params["bias"] = node.has_input(2)
    return f"{'ConvTranspose' if transposed else 'Conv'}{rank}d", params


def _pool(node: OnnxNode, kind: str) -> TMapped:
    kernel = _ints(node.attrs.get("kernel_shape", []))
    rank = len(kernel)
    padding = _symmetric(_ints(node.attrs.get("pads", [])) or None, rank)
    if not kernel or padding is None or node.attrs.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        return None
    strides = _ints(node.attrs.get("strides", [1] * rank))  # ONNX's default stride is 1
    params: dict[str, Any] = {"kernel_size": _collapse(kernel), "padding": _collapse(padding)}
    if strides != kernel:
        params["stride"] = _collapse(strides)
    params["ceil_mode"] = bool(node.attrs.get("ceil_mode", 0))
    if kind == "MaxPool":
        params["dilation"] = _collapse(_ints(node.attrs.get("dilations", [1] * rank)))
    elif any(padding):
        params["count_include_pad"] = bool(node.attrs.get("count_include_pad", 0))
    return f"{kind}{rank}d", params


def _batch_norm(node: OnnxNode) -> TMapped:
    rank = len(node.in_shape or []) - 2
    kind = {0: "BatchNorm1d", 1: "BatchNorm1d", 2: "BatchNorm2d", 3: "BatchNorm3d"}.get(rank)
    if kind is None:
        return None
    momentum = round(1.0 - float(node.attrs.get("momentum", 0.9)), 6)
    return kind, {"eps": float(node.attrs.get("epsilon", 1e-5)), "momentum": momentum}


def _gemm(node: OnnxNode) -> TMapped:
    weight = node.const(1)
    if weight is None or node.attrs.get("transA", 0) or node.attrs.get("alpha", 1.0) != 1.0:
        return None
    out = weight.shape[0] if node.attrs.get("transB", 0) else weight.shape[1]
    return "Linear", {"out_features": int(out), "bias": node.has_input(2)}


def _matmul(node: OnnxNode) -> TMapped:
    weight = node.const(1)
    if weight is None or weight.ndim != 2:
        return None
    return "Linear", {"out_features": int(weight.shape[1]), "bias": False}


def _resize(node: OnnxNode) -> TMapped:
    mode = node.attrs.get("mode", b"nearest")
    mode = mode.decode() if isinstance(mode, bytes) else mode
    rank = len(node.in_shape or [])
    linear = {3: "linear", 4: "bilinear", 5: "trilinear"}.get(rank)
    params: dict[str, Any] = {}
    if mode == "linear" and linear:
        params["mode"] = linear
        transform = node.attrs.get("coordinate_transformation_mode", b"half_pixel")
        params["align_corners"] = transform in (b"align_corners", "align_corners")
    elif mode != "nearest":
        return None
    scales, sizes = node.const(2), node.const(3)
    if scales is not None and scales.size:
        factors = [float(s) for s in scales.reshape(-1)[2:]]
        params["scale_factor"] = _collapse([int(f) if f.is_integer() else f for f in factors])
    elif sizes is not None and sizes.size:
        params["size"] = _collapse(_ints(sizes.reshape(-1)[2:]))
    else:
        return None
    return "Upsample", params


PAD_MODES = {"constant": None, "reflect": "ReflectionPad", "edge": "ReplicationPad", "wrap": "CircularPad"}


def _pad(node: OnnxNode) -> TMapped:
    pads = node.const(1)
    rank = len(node.in_shape or [])
    if pads is None or rank < 3 or node.has_input(3):
        return None
    pads = _ints(pads.reshape(-1))
    begins, ends = pads[:rank], pads[rank:]
    if begins[:2] != [0, 0] or ends[:2] != [0, 0]:
        return None
    torch_pad = [v for d in range(rank - 1, 1, -1) for v in (begins[d], ends[d])]
    n = rank - 2
    mode = node.attrs.get("mode", b"constant")
    mode = mode.decode() if isinstance(mode, bytes) else mode
    if mode not in PAD_MODES:
        return None
    if mode == "constant":
        value = node.const(2)
        fill = float(value.reshape(-1)[0]) if value is not None and value.size else 0.0
        if fill == 0.0:
            return f"ZeroPad{n}d", {"padding": torch_pad}
        return f"ConstantPad{n}d", {"padding": torch_pad, "value": fill}
    return f"{PAD_MODES[mode]}{n}d", {"padding": torch_pad}


def _transpose(node: OnnxNode) -> TMapped:
    perm = _ints(node.attrs.get("perm", []))
    moved = [i for i, d in enumerate(perm) if d != i]
    return ("Transpose", {"dim0": moved[0], "dim1": moved[1]}) if len(moved) == 2 and 0 not in moved else None


def _axis_param(kind: str, attr: str, name: str, default: int) -> Callable[[OnnxNode], TMapped]:
    def mapper(node: OnnxNode) -> TMapped:
        axis = int(node.attrs.get(attr, default))
        rank = len(node.out_shape or node.in_shape or [])
        axis = axis + rank if axis < 0 and rank else axis
        return kind, {name: axis}

    return mapper


def _simple(kind: str, **names: tuple[str, Any]) -> Callable[[OnnxNode], TMapped]:
    """A mapper copying ONNX attributes to torch params: `name=(onnx_attr, onnx_default)`."""

    def mapper(node: OnnxNode) -> TMapped:
        params = {}
        for name, (attr, default) in names.items():
            value = node.attrs.get(attr, default)
            params[name] = value.decode() if isinstance(value, bytes) else value
        return kind, params

    return mapper


def _flatten(node: OnnxNode) -> TMapped:
    return ("Flatten", {}) if int(node.attrs.get("axis", 1)) == 1 else None


def _global(kind: str) -> Callable[[OnnxNode], TMapped]:
    def mapper(node: OnnxNode) -> TMapped:
        rank = len(node.in_shape or []) - 2
        return (f"{kind}{rank}d", {"output_size": 1}) if 1 <= rank <= 3 else None

    return mapper


MAPPERS: dict[str, Callable[[OnnxNode], TMapped]] = {
    "Conv": lambda n: _conv(n, False),
    "ConvTranspose": lambda n: _conv(n, True),
    "MaxPool": lambda n: _pool(n, "MaxPool"),
    "AveragePool": lambda n: _pool(n, "AvgPool"),
    "GlobalAveragePool": _global("AdaptiveAvgPool"),
    "GlobalMaxPool": _global("AdaptiveMaxPool"),
    "BatchNormalization": _batch_norm,
    "Gemm": _gemm,
    "MatMul": _matmul,
    "Relu": _simple("ReLU"),
    "Sigmoid": _simple("Sigmoid"),
    "Tanh": _simple("Tanh"),
    "Selu": _simple("SELU"),
    "Softsign": _simple("Softsign"),
    "HardSwish": _simple("Hardswish"),
    "Mish": _simple("Mish"),
    "LeakyRelu": _simple("LeakyReLU", negative_slope=("alpha", 0.01)),
    "Elu": _simple("ELU", alpha=("alpha", 1.0)),
    "Celu": _simple("CELU", alpha=("alpha", 1.0)),
    "Gelu": _simple("GELU", approximate=("approximate", "none")),
    "Softmax": _axis_param("Softmax", "axis", "dim", -1),
    "LogSoftmax": _axis_param("LogSoftmax", "axis", "dim", -1),
    "Concat": _axis_param("Concat", "axis", "dim", 1),
    "Flatten": _flatten,
    "Transpose": _transpose,
    "Resize": _resize,
    "Upsample": _resize,
    "Pad": _pad,
    "Dropout": lambda n: ("Dropout", {"p": float(n.const(1).reshape(-1)[0]) if n.const(1) is not None else float(n.attrs.get("ratio", 0.5))}),
    "Reshape": lambda n: reshape_as_layer(n.in_shape or [], n.out_shape or []),
    "Add": lambda n: ("Add", {}),
    "Mul": lambda n: ("Multiply", {}),
}
