"""Compares every registered layer's param schema with its torch constructor's signature.

Usage: python3 check_schema.py DEFS.json OUT.json
DEFS.json: [{"type", "params": [{"name", "default" ("<required>" when none), "nullable"}]}]
OUT.json: {"checked": n, "mismatches": ["Type.param: …", …]}

A param must exist in torch, have torch's default, and be nullable where torch's default is None.
Torch params that model-flow leaves out on purpose are listed in NOT_OFFERED, with the reason.
"""

from __future__ import annotations

import inspect
import json
import sys

from torch import nn

# Input sizes inferred from the incoming tensor (ARCHITECTURE.md), and factory arguments.
INFERRED = {"in_channels", "in_features", "num_features", "num_channels", "device", "dtype"}
NOT_OFFERED = {
    "inplace": "in-place ops overwrite tensors other layers of the graph still read",
    "min_value": "deprecated Hardtanh alias of min_val",
    "max_value": "deprecated Hardtanh alias of max_val",
    "batch_first": "MultiheadAttention/TransformerEncoderLayer: always True in generated code (shapes exclude the batch); checked where a layer offers it",
    "custom_encoder": "a module, not a value: build the encoder from layers or a Block instead",
    "custom_decoder": "a module, not a value: build the decoder from layers or a Block instead",
    "kdim": "self-attention only (key = query)",
    "vdim": "self-attention only (value = query)",
    "_weight": "private torch argument",
    "_freeze": "private torch argument",
    "_random_samples": "private torch argument (FractionalMaxPool's fixed windows, for tests)",
}
# Required in torch, inferred from the input here (null = take the input's last dim).
INFERRED_WIDTHS = {("MultiheadAttention", "embed_dim"), ("TransformerEncoderLayer", "d_model"),
                   ("TransformerEncoder", "d_model"), ("TransformerDecoderLayer", "d_model"),
                   ("Bilinear", "in1_features"), ("Bilinear", "in2_features"),
                   *((t, "input_size") for t in ("RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"))}


def signature_params(type_name: str) -> dict:
    """The constructor arguments model-flow mirrors. RNN/LSTM/GRU take *args, **kwargs and pass
    them to RNNBase (RNN adds nonlinearity, only LSTM takes proj_size); TransformerEncoder's
    encoder_layer is flattened into the TransformerEncoderLayer arguments."""
    def params_of(fn, drop=()):
        return {n: p for n, p in inspect.signature(fn).parameters.items()
                if n not in ("self", "args", "kwargs", *drop)}
    if type_name in ("RNN", "LSTM", "GRU"):
        out = params_of(nn.RNNBase.__init__, ("mode",))
        if type_name != "LSTM":
            out.pop("proj_size")
        if type_name == "RNN":
            out["nonlinearity"] = inspect.Parameter("nonlinearity", inspect.Parameter.KEYWORD_ONLY, default="tanh")
        return out
    if type_name == "TransformerEncoder":
        layer = params_of(nn.TransformerEncoderLayer.__init__)
        return {**layer, **params_of(nn.TransformerEncoder.__init__, ("encoder_layer",))}
    return params_of(getattr(nn, type_name).__init__)


def torch_default(p: inspect.Parameter):
    if p.default is inspect.Parameter.empty:
        return "<required>"
    if callable(p.default):  # TransformerEncoderLayer(activation=F.relu) is spelled "relu"
        return p.default.__name__
    return list(p.default) if isinstance(p.default, tuple) else p.default


def same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


def check(d: dict) -> list[str]:
    cls = getattr(nn, d["type"], None)
    if cls is None:
        return [f"{d['type']}: no torch.nn class of that name"]
    torch_params = signature_params(d["type"])
    ours = {p["name"]: p for p in d["params"]}
    out = []
    for name, p in torch_params.items():
        if name in INFERRED or (name in NOT_OFFERED and name not in ours):
            continue
        if name not in ours:
            out.append(f"{d['type']}.{name}: torch takes it (default {torch_default(p)!r}), the schema lacks it")
            continue
        if (d["type"], name) in INFERRED_WIDTHS:
            continue
        theirs, mine = torch_default(p), ours[name]["default"]
        if not same(theirs, mine):
            out.append(f"{d['type']}.{name}: torch default {theirs!r}, schema default {mine!r}")
        if theirs is None and not ours[name]["nullable"]:
            out.append(f"{d['type']}.{name}: torch default is None, the schema is not nullable")
    for name in ours:
        if name not in torch_params and name not in INFERRED:
            out.append(f"{d['type']}.{name}: the schema offers it, torch's constructor has no such argument")
    return out


def main() -> int:
    defs = json.load(open(sys.argv[1]))
    mismatches = [m for d in defs for m in check(d)]
    json.dump({"checked": len(defs), "mismatches": mismatches}, open(sys.argv[2], "w"))
    return 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    sys.exit(main())
