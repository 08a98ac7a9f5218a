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
    "batch_first": "always True in generated code: shapes exclude the batch",
    "kdim": "self-attention only (key = query)",
    "vdim": "self-attention only (value = query)",
    "_weight": "private torch argument",
    "_freeze": "private torch argument",
    "_random_samples": "private torch argument (FractionalMaxPool's fixed windows, for tests)",
}
# Required in torch, inferred from the input here (null = take the input's last dim).
INFERRED_WIDTHS = {("MultiheadAttention", "embed_dim"), ("TransformerEncoderLayer", "d_model")}


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
    torch_params = {n: p for n, p in inspect.signature(cls.__init__).parameters.items()
                    if n not in ("self", "args", "kwargs")}
    ours = {p["name"]: p for p in d["params"]}
    out = []
    for name, p in torch_params.items():
        if name in INFERRED or name in NOT_OFFERED:
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
