"""Runs graph-core's `toPyTorch` emissions in torch and checks them against torch's own verdict.

Usage: python3 check_emissions.py IN.json OUT.json

IN.json: [{"id", "module": "nn.Conv2d(3, 8, kernel_size=3)" | null, "forward": "self.m(x)" | null,
           "inputs": [[...batch-free shape...]], "long": bool, "shape": [...], "params": n}]
The module source is evaluated with only `nn` and `torch` in scope; the forward expression sees
the module as `self.m` and the inputs as `x0`, `x1`, …. OUT.json lists every emission that
fails to build, raises, or gives another shape or parameter count.
"""

from __future__ import annotations

import json
import os
import sys
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")
import torch  # noqa: E402
from torch import nn  # noqa: E402

BATCH = 3


class Holder(nn.Module):
    def __init__(self, module):
        super().__init__()
        if module is not None:
            self.m = module


def check(item: dict) -> str | None:
    scope = {"nn": nn, "torch": torch}
    module = eval(item["module"], scope) if item["module"] is not None else None  # noqa: S307 (our own output)
    holder = Holder(module)
    xs = [torch.zeros([BATCH, *s], dtype=torch.long) if item["long"] else torch.randn([BATCH, *s]) for s in item["inputs"]]
    local = {"self": holder, **{f"x{i}": x for i, x in enumerate(xs)}, **scope}
    y = eval(item["forward"], local) if item["forward"] else holder.m(xs[0])  # noqa: S307
    shape = list(y.shape[1:])
    count = sum(p.numel() for p in holder.parameters())
    if shape != item["shape"] or count != item["params"]:
        return f"got shape {shape}, {count} params; expected {item['shape']}, {item['params']}"
    return None


def main() -> int:
    items = json.load(open(sys.argv[1]))
    failures = []
    torch.manual_seed(0)
    torch.set_num_threads(1)
    for item in items:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                problem = check(item)
        except Exception as exc:  # the emission itself is broken
            problem = f"{type(exc).__name__}: {exc}"[:300]
        if problem is not None:
            failures.append({"id": item["id"], "module": item["module"], "forward": item["forward"],
                             "inputs": item["inputs"], "problem": problem})
    json.dump({"checked": len(items), "failures": failures}, open(sys.argv[2], "w"))
    return 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    sys.exit(main())
