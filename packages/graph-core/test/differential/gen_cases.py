"""Differential test generator: random model-flow documents with torch's verdict per node.

Usage: python3 gen_cases.py --out DIR/cases.json [--seed 20261125] [--count 3000] [--types A,B,...]

For every case it writes the model-flow v1 document and evaluates the equivalent torch graph on
tiny real CPU tensors (real tensors, not the meta device, so value-dependent checks such as
InstanceNorm's "more than 1 spatial element" and Embedding's index dtype run exactly as in
training). The module is built lazily from the incoming tensor, like graph-core infers
in_channels/in_features. Per node it records:

  {"status": "ok", "shape": [...without batch...], "params": sum(p.numel())}
  {"status": "error", "error": "ExceptionType: message"}   torch raised, or produced an empty tensor
  {"status": "skipped"}                                      downstream of an error

The batch size is a prime that appears in no input dimension, so torch can never read the batch
as a channel by coincidence. Cases where torch changes the batch dimension are dropped (counted).
Deterministic for a given seed and type list.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
import torch  # noqa: E402
from torch import nn  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from graphs import CaseBuilder  # noqa: E402
from samplers_dense import all_specs  # noqa: E402

GRAPH_OPS = {"Input", "Output", "Concat", "Add", "Multiply"}


def to_torch(value):
    """Model-flow JSON lists become the tuples torch constructors expect."""
    if isinstance(value, list):
        return tuple(to_torch(v) for v in value)
    return value


def build_module(node_type: str, params: dict, x: torch.Tensor, spec) -> nn.Module:
    kwargs = {k: to_torch(v) for k, v in params.items()}
    for name, read in spec.inferred.items():
        kwargs.setdefault(name, read(x))  # a pinned value is what torch gets
    if node_type == "MultiheadAttention":
        kwargs.setdefault("embed_dim", x.shape[-1])
        kwargs["batch_first"] = True
    if node_type == "TransformerEncoderLayer":
        kwargs.setdefault("d_model", x.shape[-1])
        kwargs["batch_first"] = True
    return getattr(nn, node_type)(**kwargs)


def run_node(node: dict, inputs: list[torch.Tensor], specs: dict):
    """Returns (output, param_count); raises whatever torch raises."""
    t, params = node["type"], node.get("params", {})
    if t == "Concat":
        return torch.cat(inputs, dim=params.get("dim", 1)), 0
    if t in ("Add", "Multiply"):
        out = inputs[0]
        for other in inputs[1:]:
            out = out + other if t == "Add" else out * other
        return out, 0
    if len(inputs) != 1:
        raise ValueError(f"{t} takes exactly one input")
    x = inputs[0]
    module = build_module(t, params, x, specs[t])
    y = module(x, x, x, need_weights=False)[0] if t == "MultiheadAttention" else module(x)
    return y, sum(p.numel() for p in module.parameters())


class Evaluator:
    """Evaluates nodes one at a time as a case is built, so samplers can see real shapes."""

    def __init__(self, specs: dict, batch: int):
        self.specs, self.batch = specs, batch
        self.tensors: dict[str, torch.Tensor] = {}
        self.expect: dict[str, dict] = {}
        self.batch_changed = False

    def add_input(self, node_id: str, shape: list[int], long: bool) -> None:
        full = [self.batch, *shape]
        self.tensors[node_id] = torch.zeros(full, dtype=torch.long) if long else torch.randn(full)
        self.expect[node_id] = {"status": "ok", "shape": shape, "params": 0}

    def add(self, node: dict, sources: list[str]) -> list[int] | None:
        """Runs one node; returns its batch-free output shape, or None when it has none."""
        if any(s not in self.tensors for s in sources):
            self.expect[node["id"]] = {"status": "skipped"}
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                y, count = run_node(node, [self.tensors[s] for s in sources], self.specs)
        except Exception as exc:  # torch's verdict, whatever the exception type
            self.expect[node["id"]] = {"status": "error", "error": f"{type(exc).__name__}: {exc}"[:300]}
            return None
        if y.dim() == 0 or y.shape[0] != self.batch:
            self.batch_changed = True
            self.expect[node["id"]] = {"status": "skipped"}
            return None
        if any(s == 0 for s in y.shape):
            self.expect[node["id"]] = {"status": "error", "error": f"empty output {list(y.shape)}"}
            return None
        self.tensors[node["id"]] = y
        shape = list(y.shape[1:])
        self.expect[node["id"]] = {"status": "ok", "shape": shape, "params": count}
        return shape


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--types", default="", help="comma-separated registry types to cover")
    args = parser.parse_args()

    started = time.time()
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    specs = all_specs()
    wanted = [t for t in args.types.split(",") if t] if args.types else sorted(specs)
    layer_types = sorted(t for t in wanted if t in specs)
    uncovered = sorted(t for t in wanted if t not in specs and t not in GRAPH_OPS)
    merges = [m for m in ("Concat", "Add", "Multiply") if not args.types or m in wanted]

    g = random.Random(args.seed)
    builder = CaseBuilder(g, layer_types, merges, specs, Evaluator)
    cases, dropped = [], 0
    index = 0
    while len(cases) < args.count:
        case = builder.build(index)
        index += 1
        if case is None:
            dropped += 1
            continue
        cases.append(case)

    refused = sum(1 for c in cases if any(v["status"] == "error" for v in c["expect"].values()))
    covered = sorted({n["type"] for c in cases for n in c["model"]["nodes"]})
    out = {
        "torch": torch.__version__,
        "seed": args.seed,
        "cases": cases,
        "covered": covered,
        "uncovered": uncovered,
        "dropped": dropped,
        "refused": refused,
        "seconds": round(time.time() - started, 2),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as fh:
        json.dump(out, fh)
    print(
        f"gen_cases: {len(cases)} cases ({refused} refused by torch, {dropped} dropped), "
        f"{len(covered)} types, {out['seconds']} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
