"""Times PyTorch's own shape propagation: a forward pass on the `meta` device.

usage: python3 torch_meta.py REPEATS FILE.py...   (each file defines Model and INPUT_SHAPES)

Prints one JSON line per file: {"file", "median_ms", "p95_ms", "shapes"}. The model is built
once on the meta device (no memory, no init cost in the timing); only forward passes are timed,
which is exactly the work graph-core's analysis replaces.
"""
import importlib.util
import json
import statistics
import sys
import time

import torch

repeats = int(sys.argv[1])
for path in sys.argv[2:]:
    spec = importlib.util.spec_from_file_location("bench_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with torch.device("meta"):
        model = module.Model().eval()
    inputs = [torch.empty(1, *shape, device="meta") for shape in module.INPUT_SHAPES]
    times = []
    with torch.no_grad():
        for _ in range(3):
            model(*inputs)  # warm-up: dispatcher caches
        for _ in range(repeats):
            t0 = time.perf_counter()
            out = model(*inputs)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    outs = out if isinstance(out, tuple) else (out,)
    print(json.dumps({
        "file": path,
        "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))],
        "shapes": [list(o.shape[1:]) for o in outs],
    }), flush=True)
