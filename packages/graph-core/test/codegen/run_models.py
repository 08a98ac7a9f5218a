"""Builds and runs generated Layerwise modules; prints one JSON line per module.

usage: python3 run_models.py FILE.py...   (each file defines Model and INPUT_SHAPES)

For each module: instantiate, count sum(p.numel()), run one forward pass with a batch of 2 (on
the meta device when the model is large, so the check stays fast) and report output shapes
without the batch dimension. Errors are reported, never raised, so one bad module cannot hide
the results of the others.
"""
import importlib.util
import json
import sys
import traceback

import torch


def run(path: str) -> dict:
    spec = importlib.util.spec_from_file_location("generated_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.Model()
    params = sum(p.numel() for p in model.parameters())
    big = params > 5_000_000
    device = torch.device("meta") if big else torch.device("cpu")
    model = model.to(device).eval()
    inputs = [torch.randn(2, *shape, device=device) for shape in module.INPUT_SHAPES]
    with torch.no_grad():
        out = model(*inputs)
    outs = out if isinstance(out, tuple) else (out,)
    return {"params": params, "shapes": [list(o.shape[1:]) for o in outs], "device": device.type}


for path in sys.argv[1:]:
    try:
        result = {"file": path, "ok": True, **run(path)}
    except Exception as error:  # report, keep going
        result = {"file": path, "ok": False, "error": f"{type(error).__name__}: {error}",
                  "trace": traceback.format_exc(limit=3)}
    print(json.dumps(result), flush=True)
