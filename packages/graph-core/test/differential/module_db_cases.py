"""torch's own module test suite as a differential check: every module type in
`torch.testing._internal.common_modules.module_db` that is not a loss or lazy module, and each of
its sample inputs (and error inputs), as a one-layer model-flow document with torch's verdict.

Usage: python3 module_db_cases.py --out FILE

A sample becomes a document when model-flow can say it: the constructor's arguments map to
params (positional ones bound by name, tuples as lists, activation functions by name,
TransformerEncoder's encoder layer flattened into its arguments), the forward call takes only the
layer's graph inputs (no initial state, no masks), and dim 0 of each input is the batch. The
verdict comes from the same evaluator as gen_cases.py: the layer built from the document's params
runs on the sample's batch size and on a second one, so reading the batch as a channel counts as a
refusal. Samples that cannot be said are listed with the reason, never silently dropped.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import sys
import time
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # the expecttest stand-in, and the differential modules

import torch  # noqa: E402
from torch import nn  # noqa: E402

from graphs import PRIMES  # noqa: E402
from samplers_dense import all_specs  # noqa: E402
from torch_eval import Evaluator  # noqa: E402

TWO_INPUTS = {"Bilinear", "TransformerDecoderLayer", "Transformer"}
RNN_ORDER = ["input_size", "hidden_size", "num_layers", "nonlinearity", "bias", "batch_first", "dropout",
             "bidirectional", "proj_size"]
# Factory arguments, and FractionalMaxPool's private `_random_samples` (fixed window offsets for
# tests, sized for one batch; shapes do not depend on it).
FACTORY = {"device", "dtype", "_random_samples"}


class NotExpressible(Exception):
    """The sample uses something a model-flow document cannot say."""


def to_json(value):
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (tuple, list, torch.Size)):
        return [to_json(v) for v in value]
    if callable(value) and getattr(value, "__name__", "") in ("relu", "gelu"):
        return value.__name__  # TransformerEncoderLayer(activation=F.gelu) is "gelu" in torch too
    raise NotExpressible(f"a {type(value).__name__} argument is not a param value")


def encoder_params(module: nn.TransformerEncoder) -> dict:
    """TransformerEncoder(encoder_layer, num_layers, norm) flattened, read back from the module."""
    layer = module.layers[0]
    attn = layer.self_attn
    activation = "gelu" if layer.activation_relu_or_gelu == 2 else "relu"
    if layer.activation_relu_or_gelu == 0:
        raise NotExpressible("a custom activation module")
    params = {"d_model": attn.embed_dim, "nhead": attn.num_heads, "dim_feedforward": layer.linear1.out_features,
              "dropout": layer.dropout.p, "activation": activation, "layer_norm_eps": layer.norm1.eps,
              "batch_first": attn.batch_first, "norm_first": layer.norm_first,
              "bias": layer.linear1.bias is not None, "num_layers": len(module.layers),
              "enable_nested_tensor": module.enable_nested_tensor, "mask_check": module.mask_check}
    if module.norm is not None:
        norm = module.norm
        same = isinstance(norm, nn.LayerNorm) and list(norm.normalized_shape) == [attn.embed_dim] \
            and norm.eps == layer.norm1.eps and (norm.bias is not None) == params["bias"]
        if not same:
            raise NotExpressible("a final norm other than LayerNorm(d_model, eps=layer_norm_eps, bias=bias)")
        params["norm"] = "LayerNorm"
    return params


def constructor_params(name: str, args: tuple, kwargs: dict) -> dict:
    if name == "TransformerEncoder":
        try:
            module = getattr(nn, name)(*args, **kwargs)
        except Exception as exc:  # an error sample: its arguments are only known to the module
            raise NotExpressible(f"the constructor raises ({type(exc).__name__})") from exc
        return encoder_params(module)
    if name in ("RNN", "LSTM", "GRU"):
        order = [n for n in RNN_ORDER if name == "RNN" or n != "nonlinearity"]
    else:
        order = [n for n in inspect.signature(getattr(nn, name).__init__).parameters if n != "self"]
    if len(args) > len(order):
        raise NotExpressible("more positional arguments than the signature names")
    params = dict(zip(order, args))
    params.update(kwargs)
    params = {k: to_json(v) for k, v in params.items() if k not in FACTORY}
    if name in ("MultiheadAttention", "TransformerEncoderLayer"):
        # graph-core's attention layers are always batch_first=True (shapes exclude the batch).
        if params.pop("batch_first", False) is not True:
            raise NotExpressible(f"{name} with batch_first=False (graph-core's is always batch-first)")
        for dim in ("kdim", "vdim"):
            if params.get(dim) not in (None, params.get("embed_dim")):
                raise NotExpressible(f"{dim} differs from embed_dim (graph-core attends to its own input)")
            params.pop(dim, None)
    if name == "Transformer" and (params.get("custom_encoder") or params.get("custom_decoder")):
        raise NotExpressible("custom encoder/decoder modules")
    params.pop("custom_encoder", None)
    params.pop("custom_decoder", None)
    return params


def graph_inputs(name: str, forward) -> list[torch.Tensor]:
    if forward is None:
        raise NotExpressible("an error sample without a forward input (its constructor raises)")
    extra = [k for k, v in forward.kwargs.items() if v is not None and k != "need_weights"]
    if extra:
        raise NotExpressible(f"forward takes {', '.join(extra)}")
    tensors = list(forward.args)
    if not all(isinstance(t, torch.Tensor) for t in tensors):
        raise NotExpressible("a forward argument that is not a tensor (e.g. an initial state tuple)")
    if name == "MultiheadAttention":
        if len(tensors) != 3 or len({tuple(t.shape) for t in tensors}) != 1:
            raise NotExpressible("query, key and value of different shapes (graph-core is self-attention)")
        tensors = tensors[:1]
    arity = 2 if name in TWO_INPUTS else 1
    if len(tensors) != arity:
        raise NotExpressible(f"{len(tensors)} forward inputs where the layer takes {arity} (initial state?)")
    if any(t.dim() == 0 for t in tensors):
        raise NotExpressible("a 0-d input has no batch dimension")
    if any(t.dim() == 1 for t in tensors):
        raise NotExpressible("a 1-d input is all batch: no per-sample dims")
    if any(t.shape[0] == 0 for t in tensors):
        raise NotExpressible("an empty batch (dim 0 is 0) says nothing per sample")
    if len({t.shape[0] for t in tensors}) != 1:
        raise NotExpressible("inputs differ in dim 0, which a graph's tensors share as the batch")
    return tensors


def sample_case(name: str, sample, index: str, specs: dict) -> dict:
    c = sample.constructor_input
    params = constructor_params(name, c.args, c.kwargs)
    tensors = graph_inputs(name, sample.forward_input)
    shapes = [list(t.shape[1:]) for t in tensors]
    dims = {d for t in tensors for d in t.shape}
    batch = tensors[0].shape[0]
    other = next(p for p in PRIMES if p not in dims and p != batch)
    ev = Evaluator(specs, (batch, other))
    nodes, edges = [], []
    for i, (shape, t) in enumerate(zip(shapes, tensors)):
        node_id = "in" if i == 0 else f"in{i + 1}"
        is_long = not t.is_floating_point()
        nodes.append({"id": node_id, "type": "Input",
                      "params": {"shape": shape, "dtype": "long"} if is_long else {"shape": shape}})
        ev.add_input(node_id, shape, is_long)
        edge = {"source": node_id, "target": "n1"}
        if len(tensors) > 1:
            edge["port"] = i
        edges.append(edge)
    node = {"id": "n1", "type": name, "params": params}
    nodes.append(node)
    ev.add(node, [n["id"] for n in nodes if n["type"] == "Input"])
    model = {"format": "layerwise.model-flow", "version": 1, "name": f"module_db {index}", "nodes": nodes,
             "edges": edges}
    return {"id": index, "kind": "module_db", "batch": batch, "model": model, "expect": ev.expect}


def module_types():
    from torch.testing._internal.common_modules import module_db
    return [m for m in module_db
            if not m.module_cls.__name__.endswith("Loss") and not m.module_cls.__name__.startswith("Lazy")]


def samples_of(info):
    kw = {"device": "cpu", "dtype": torch.float32, "requires_grad": False, "training": True}
    out = [(f"{i}", s) for i, s in enumerate(info.module_inputs_func(info, **kw))]
    if info.module_error_inputs_func is not None:
        errors = info.module_error_inputs_func(info, **kw)
        out += [(f"error-{i}", e.module_error_input) for i, e in enumerate(errors)]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    started = time.time()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    specs = all_specs()
    infos = module_types()
    cases, skipped = [], []
    for info in infos:
        name = info.module_cls.__name__
        if name not in specs:
            skipped.append({"type": name, "sample": "*", "reason": "no differential spec for this type"})
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for index, sample in samples_of(info):
                try:
                    cases.append(sample_case(name, sample, f"{name}/{index}", specs))
                except NotExpressible as why:
                    skipped.append({"type": name, "sample": index, "reason": str(why)})
    out = {"torch": torch.__version__, "types": sorted(i.module_cls.__name__ for i in infos), "cases": cases,
           "skipped": skipped, "seconds": round(time.time() - started, 2)}
    with open(args.out, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
    print(f"module_db_cases: {len(out['types'])} types, {len(cases)} samples, {len(skipped)} not expressible, "
          f"{out['seconds']} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
