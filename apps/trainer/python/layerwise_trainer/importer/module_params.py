"""Recovers a torch.nn module's constructor arguments from its attributes.

torch keeps most constructor arguments as attributes of the same name (`in_channels`,
`kernel_size`, `padding_mode`, …); the rest are read from what the argument created (`bias` is
`module.bias is not None`, TransformerEncoderLayer's `d_model` is its attention's `embed_dim`).
Arguments equal to the constructor's default are left out, so the document keeps only what the
model's author wrote (or its exact equivalent).
"""

from __future__ import annotations

import inspect
from typing import Any, Callable

import torch
from torch import nn

SKIPPED = frozenset({"self", "device", "dtype", "inplace", "_weight", "_freeze"})
MISSING = object()


def _bias(module: nn.Module) -> Any:
    bias = getattr(module, "bias", MISSING)
    if isinstance(bias, bool):  # RNN-style modules keep the flag itself
        return bias
    if bias is MISSING:
        return MISSING
    # Norms without affine parameters have no bias either way: the flag is then moot.
    if getattr(module, "affine", True) is False or getattr(module, "elementwise_affine", True) is False:
        return MISSING
    return bias is not None


def _activation_name(fn: Any) -> Any:
    if isinstance(fn, str):
        return fn
    if isinstance(fn, nn.Module):
        return type(fn).__name__.lower()
    return getattr(fn, "__name__", MISSING)


def _encoder_layer(module: nn.Module, name: str) -> Any:
    attention = module.self_attn
    readers: dict[str, Callable[[], Any]] = {
        "d_model": lambda: attention.embed_dim,
        "nhead": lambda: attention.num_heads,
        "dim_feedforward": lambda: module.linear1.out_features,
        "dropout": lambda: module.dropout.p,
        "activation": lambda: _activation_name(module.activation),
        "layer_norm_eps": lambda: module.norm1.eps,
        "batch_first": lambda: attention.batch_first,
        "norm_first": lambda: module.norm_first,
        "bias": lambda: module.linear1.bias is not None,
    }
    reader = readers.get(name)
    return reader() if reader else MISSING


def _attention(module: nn.Module, name: str) -> Any:
    readers: dict[str, Callable[[], Any]] = {
        "bias": lambda: module.in_proj_bias is not None,
        "add_bias_kv": lambda: module.bias_k is not None,
        "kdim": lambda: None if module.kdim == module.embed_dim else module.kdim,
        "vdim": lambda: None if module.vdim == module.embed_dim else module.vdim,
    }
    reader = readers.get(name)
    return reader() if reader else getattr(module, name, MISSING)


def _prelu(module: nn.Module, name: str) -> Any:
    if name == "init":
        return round(float(module.weight.detach().reshape(-1)[0].to("cpu")), 6) if module.weight.device.type != "meta" else MISSING
    return getattr(module, name, MISSING)


SPECIAL: dict[str, Callable[[nn.Module, str], Any]] = {
    "TransformerEncoderLayer": _encoder_layer,
    "TransformerDecoderLayer": _encoder_layer,
    "MultiheadAttention": _attention,
    "PReLU": _prelu,
}


def to_json(value: Any) -> Any:
    """A constructor value as JSON (tuples and torch.Size become lists), or MISSING."""
    if value is None or isinstance(value, (bool, int, str, float)):
        return value
    if isinstance(value, (tuple, list, torch.Size)):
        items = [to_json(v) for v in value]
        return MISSING if any(i is MISSING for i in items) else items
    return MISSING


def _same(value: Any, default: Any) -> bool:
    """`(1, 1)` equals a default of `1`; `2.0` equals `2`."""
    if isinstance(value, list) and not isinstance(default, list):
        return len(value) > 0 and all(_same(v, default) for v in value)
    if isinstance(value, bool) or isinstance(default, bool):
        return value is default or (type(value) is type(default) and value == default)
    return value == default


def module_params(module: nn.Module) -> tuple[dict[str, Any], list[str]]:
    """The module's constructor arguments that differ from torch's defaults, and the names of
    those that could not be read back (reported, since the layer may then differ)."""
    cls = type(module)
    try:
        signature = inspect.signature(cls.__init__)
    except (TypeError, ValueError):
        return {}, []
    special = SPECIAL.get(cls.__name__)
    params: dict[str, Any] = {}
    unread: list[str] = []
    for name, p in signature.parameters.items():
        if name in SKIPPED or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if special is not None:
            raw = special(module, name)
        elif name == "bias":
            raw = _bias(module)
        else:
            raw = getattr(module, name, MISSING)
        value = MISSING if raw is MISSING else to_json(raw)
        if value is MISSING:
            if p.default is inspect.Parameter.empty:
                unread.append(name)
            continue
        if p.default is not inspect.Parameter.empty and _same(value, to_json(p.default)):
            continue
        params[name] = value
    _pool_stride(cls.__name__, params)
    return params, unread


def _pool_stride(kind: str, params: dict[str, Any]) -> None:
    # torch stores stride=None as the kernel size; either spelling is the default.
    if "Pool" in kind and "stride" in params and params["stride"] == params.get("kernel_size"):
        del params["stride"]


def param_count(module: nn.Module) -> int:
    """`sum(p.numel())` over the module's parameters, as graph-core counts a layer."""
    return sum(p.numel() for p in module.parameters())
