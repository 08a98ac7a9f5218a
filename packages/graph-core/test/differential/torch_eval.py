"""Evaluates model-flow nodes in torch, on two batch sizes at once, and states torch's verdict.

A node is refused ("error") when torch raises, when its output is not a tensor (a tuple from
return_indices=True cannot feed the next layer), when the output is empty (a zero-sized dim: what
graph-core calls `empty-output`), or when the per-sample result depends on the batch: the two
batch sizes give different per-sample shapes, one raises and the other not, or the output's first
dim is not the batch (torch read the batch as a channel, e.g. unbatched conv/pixel-shuffle input).
Real CPU tensors, not the meta device, so value-dependent checks run exactly as in training.
"""

from __future__ import annotations

import warnings

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

# Layers whose MACs torch's flop counter states exactly (matmuls and convolutions, bias excluded):
# graph-core's `macs` must match flops / 2 per sample. MultiheadAttention runs with
# need_weights=True here: same verdicts and shapes, but its bmm path is counted (the CPU SDPA path
# is not). A count that differs between the two batch sizes (attention over a batch read as a
# sequence) is not a per-sample figure and is not recorded. TransformerEncoderLayer is left out:
# its attention goes through the uncounted SDPA path whenever dropout is 0.
MAC_TYPES = {"Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
             "MultiheadAttention"}


def to_torch(value):
    """Model-flow JSON lists become the tuples torch constructors expect."""
    if isinstance(value, list):
        return tuple(to_torch(v) for v in value)
    return value


# Modules returning a tuple whose first item is what the graph passes on (see layers/recurrent.ts).
FIRST_OF_TUPLE = {"RNN", "LSTM", "GRU", "LSTMCell"}
ENCODER_ONLY = {"num_layers", "norm", "enable_nested_tensor", "mask_check"}


def build_encoder(kwargs: dict) -> nn.Module:
    """TransformerEncoder from model-flow's flattened form: the encoder layer's arguments plus
    num_layers, norm ("LayerNorm" or None), enable_nested_tensor and mask_check."""
    layer = nn.TransformerEncoderLayer(**{k: v for k, v in kwargs.items() if k not in ENCODER_ONLY})
    norm = kwargs.get("norm")
    if norm not in (None, "LayerNorm"):
        raise ValueError(f"norm must be 'LayerNorm' or None, got {norm!r}")
    return nn.TransformerEncoder(
        layer, kwargs["num_layers"],
        norm=nn.LayerNorm(kwargs["d_model"], eps=kwargs.get("layer_norm_eps", 1e-5), bias=kwargs.get("bias", True))
        if norm else None,
        **{k: kwargs[k] for k in ("enable_nested_tensor", "mask_check") if k in kwargs})


def build_module(node_type: str, params: dict, x: torch.Tensor, spec, xs=None) -> nn.Module:
    kwargs = {k: to_torch(v) for k, v in params.items()}
    if node_type in ("TransformerEncoder", "TransformerDecoderLayer"):
        kwargs.setdefault("d_model", x.shape[-1])
    if node_type == "Bilinear":
        kwargs.setdefault("in1_features", xs[0].shape[-1])
        kwargs.setdefault("in2_features", xs[1].shape[-1])
    if node_type == "TransformerEncoder":
        return build_encoder(kwargs)
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
    arity = 1 if specs[t].second is None else 2
    if len(inputs) != arity:
        raise ValueError(f"{t} takes exactly {arity} input(s)")
    x = inputs[0]
    if t == "Transpose":  # a tensor method, not an nn module
        return x.transpose(params.get("dim0", 1), params.get("dim1", 2)), 0
    module = build_module(t, params, x, specs[t], inputs)
    y = module(x, x, x, need_weights=True)[0] if t == "MultiheadAttention" else module(*inputs)
    if t in FIRST_OF_TUPLE:
        y = y[0]
    return y, sum(p.numel() for p in module.parameters())


def run_safely(node: dict, inputs: list[torch.Tensor], specs: dict, count_macs: bool = False):
    """(output, param_count, macs per sample or None) or the exception torch raised. MACs come
    from torch's flop counter (2 flops per MAC), on the same run."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if not count_macs:
                return (*run_node(node, inputs, specs), None)
            with FlopCounterMode(display=False) as counter:
                y, params = run_node(node, inputs, specs)
            return y, params, counter.get_total_flops() // 2 // inputs[0].shape[0]
    except Exception as exc:  # torch's verdict, whatever the exception type
        return exc


def describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


class Evaluator:
    """Evaluates nodes one at a time as a case is built, so samplers can see real shapes."""

    def __init__(self, specs: dict, batches: tuple[int, int]):
        self.specs, self.batches = specs, batches
        self.batch = batches[0]
        self.lanes: list[dict[str, torch.Tensor]] = [{}, {}]
        self.expect: dict[str, dict] = {}

    def add_input(self, node_id: str, shape: list[int], long: bool) -> None:
        for lane, n in zip(self.lanes, self.batches):
            lane[node_id] = torch.zeros([n, *shape], dtype=torch.long) if long else torch.randn([n, *shape])
        self.expect[node_id] = {"status": "ok", "shape": shape, "params": 0}

    def add(self, node: dict, sources: list[str]) -> list[int] | None:
        """Runs one node; returns its batch-free output shape, or None when it has none."""
        if any(s not in self.lanes[0] for s in sources):
            self.expect[node["id"]] = {"status": "skipped"}
            return None
        macs = node["type"] in MAC_TYPES
        results = [run_safely(node, [lane[s] for s in sources], self.specs, macs) for lane in self.lanes]
        verdict = self.judge(results)
        self.expect[node["id"]] = verdict
        if verdict["status"] != "ok":
            return None
        for lane, result in zip(self.lanes, results):
            lane[node["id"]] = result[0]
        if results[0][2] is not None and results[0][2] == results[1][2]:
            verdict["macs"] = results[0][2]
        return verdict["shape"]

    def judge(self, results: list) -> dict:
        first, second = results
        if isinstance(first, Exception) or isinstance(second, Exception):
            if isinstance(first, Exception) and isinstance(second, Exception):
                return {"status": "error", "error": describe(first)}
            raised = first if isinstance(first, Exception) else second
            return {"status": "error", "error": f"batch-dependent: only one batch size raises {describe(raised)}"}
        (y1, count, _), (y2, _, _) = first, second
        if not isinstance(y1, torch.Tensor):
            # e.g. MaxPool2d(return_indices=True): a (values, indices) tuple cannot feed a layer.
            return {"status": "error", "error": f"returns a {type(y1).__name__}, not a tensor"}
        if y1.dim() == 0 or y1.shape[0] != self.batches[0] or y2.dim() == 0 or y2.shape[0] != self.batches[1]:
            return {"status": "error", "error": f"torch mixes the batch into the sample: {list(y1.shape)}"}
        if y1.shape[1:] != y2.shape[1:]:
            return {"status": "error", "error": f"per-sample shape depends on the batch: {list(y1.shape)} vs {list(y2.shape)}"}
        if any(s == 0 for s in y1.shape):
            return {"status": "error", "error": f"empty output {list(y1.shape)}"}
        return {"status": "ok", "shape": list(y1.shape[1:]), "params": count}


