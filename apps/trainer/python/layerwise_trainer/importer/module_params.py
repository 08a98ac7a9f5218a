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

SKIPPED = frozenset(
    {"self", "device", "dtype", "inplace", "_weight", "_freeze", "_random_samples", "custom_encoder", "custom_decoder"}
)
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


def _stack(module: nn.Module, name: str) -> Any:
    """TransformerEncoder: graph-core flattens its (copied) encoder layer into its own params."""
    layer = module.layers[0]
    if name == "batch_first":
        return layer.self_attn.batch_first
    if name == "num_layers":
        return module.num_layers
    if name == "norm":
        return None if module.norm is None else type(module.norm).__name__
    if name in ("enable_nested_tensor", "mask_check"):
        return getattr(module, name, MISSING)
    return _encoder_layer(layer, name)


def _transformer(module: nn.Module, name: str) -> Any:
    encoder_layer = module.encoder.layers[0]
    readers: dict[str, Callable[[], Any]] = {
        "d_model": lambda: module.d_model,
        "num_encoder_layers": lambda: len(module.encoder.layers),
        "num_decoder_layers": lambda: len(module.decoder.layers),
        "batch_first": lambda: module.batch_first,
    }
    reader = readers.get(name)
    return reader() if reader else _encoder_layer(encoder_layer, name)


# Modules whose graph-core params are not their own constructor's (flattened sub-layers).
PARAM_NAMES: dict[str, list[tuple[str, Any]]] = {
    "TransformerEncoder": [
        ("d_model", None), ("nhead", inspect.Parameter.empty), ("dim_feedforward", 2048),
        ("dropout", 0.1), ("activation", "relu"), ("layer_norm_eps", 1e-5), ("batch_first", False),
        ("norm_first", False), ("bias", True), ("num_layers", inspect.Parameter.empty),
        ("norm", None), ("enable_nested_tensor", True), ("mask_check", True),
    ],
}

SPECIAL: dict[str, Callable[[nn.Module, str], Any]] = {
    "TransformerEncoder": _stack,
    "Transformer": _transformer,
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
    special = SPECIAL.get(cls.__name__)
    params: dict[str, Any] = {}
    unread: list[str] = []
    for name, default in constructor_params(cls):
        if special is not None:
            raw = special(module, name)
        elif name == "bias":
            raw = _bias(module)
        else:
            raw = getattr(module, name, MISSING)
        value = MISSING if raw is MISSING else to_json(raw)
        if value is MISSING:
            if default is inspect.Parameter.empty:
                unread.append(name)
            continue
        if default is not inspect.Parameter.empty and _same(value, to_json(default)):
            continue
        params[name] = value
    _pool_stride(cls.__name__, params)
    return params, unread


# RNN's nonlinearity is read from **kwargs by its __init__, not declared in the signature.
EXTRA_PARAMS: dict[str, list[tuple[str, Any]]] = {"RNN": [("nonlinearity", "tanh")]}


def constructor_params(cls: type) -> list[tuple[str, Any]]:
    """(name, default) of the constructor arguments; for a class whose __init__ only takes
    *args/**kwargs (LSTM, GRU, RNN) the nearest base class that declares them (RNNBase)."""
    if cls.__name__ in PARAM_NAMES:
        return PARAM_NAMES[cls.__name__]
    for klass in cls.__mro__:
        try:
            signature = inspect.signature(klass.__init__)
        except (TypeError, ValueError):
            return []
        kinds = {p.kind for p in signature.parameters.values()}
        if inspect.Parameter.VAR_POSITIONAL in kinds and klass is not nn.Module:
            continue
        names = [
            (name, p.default)
            for name, p in signature.parameters.items()
            if name not in SKIPPED
            and not (name == "mode" and klass.__name__ == "RNNBase")  # LSTM/GRU/RNN say it by class
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        return names + EXTRA_PARAMS.get(cls.__name__, [])
    return []


def _pool_stride(kind: str, params: dict[str, Any]) -> None:
    # torch stores stride=None as the kernel size; either spelling is the default.
    if "Pool" in kind and "stride" in params and params["stride"] == params.get("kernel_size"):
        del params["stride"]


def param_count(module: nn.Module) -> int:
    """`sum(p.numel())` over the module's parameters, as graph-core counts a layer."""
    return sum(p.numel() for p in module.parameters())
