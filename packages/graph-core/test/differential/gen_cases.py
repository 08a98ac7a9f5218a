"""Differential test generator: random model-flow documents with torch's verdict per node.

Usage: python3 gen_cases.py --out DIR/cases.json [--seed 20261125] [--count 3000] [--types A,B,...]

For every case it writes the model-flow v1 document and evaluates the equivalent torch graph on
tiny real CPU tensors (real tensors, not the meta device, so value-dependent checks such as
InstanceNorm's "more than 1 spatial element" and Embedding's index dtype run exactly as in
training). The module is built lazily from the incoming tensor, like graph-core infers
in_channels/in_features. Per node it records:

  {"status": "ok", "shape": [...without batch...], "params": sum(p.numel())}
  {"status": "error", "error": "ExceptionType: message"}   torch refused (see torch_eval.py)
  {"status": "skipped"}                                      downstream of an error

Every case runs with two batch sizes, primes absent from the input shape; a per-sample shape
that depends on the batch size is not a shape graph-core can give, so it counts as a refusal.
Deterministic for a given seed and type list.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from graphs import CaseBuilder  # noqa: E402
from regressions import REGRESSIONS, regression_case  # noqa: E402
from samplers_dense import all_specs  # noqa: E402
from torch_eval import Evaluator  # noqa: E402

GRAPH_OPS = {"Input", "Output", "Concat", "Add", "Multiply"}
PAIR_CASES = 30


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
    cases = [builder.build(index) for index in range(args.count)]
    # Two-input layers only appear as single cases: give each some more.
    pairs = [t for t in layer_types if specs[t].second is not None]
    extra = [t for t in pairs for _ in range(PAIR_CASES)]
    cases.extend(builder.pair_case(i, t) for i, t in enumerate(extra))
    # Past disagreements ride along in every run (see regressions.py).
    fixed = [regression_case(builder, i, entry) for i, entry in enumerate(REGRESSIONS)]
    cases.extend(c for c in fixed if c is not None)

    refused = sum(1 for c in cases if any(v["status"] == "error" for v in c["expect"].values()))
    covered = sorted({n["type"] for c in cases for n in c["model"]["nodes"]})
    out = {
        "torch": torch.__version__,
        "seed": args.seed,
        "cases": cases,
        "covered": covered,
        "uncovered": uncovered,
        "refused": refused,
        "seconds": round(time.time() - started, 2),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
    print(
        f"gen_cases: {len(cases)} cases ({refused} refused by torch), "
        f"{len(covered)} types, {out['seconds']} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
