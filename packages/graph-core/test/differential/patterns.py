"""Realistic architectures for the differential test, with random sizes: conv stacks with a
classifier head, U-Net levels with skip concatenation, residual and squeeze-and-excitation blocks,
token and sequence transformers. Random chains rarely assemble these, and they are what users
build; odd input sizes make the U-Net skip concat fail exactly where it fails in torch.
"""

from __future__ import annotations

import random

ATTN_WIDTHS = [8, 12, 16, 24]


class PatternBuilder:
    """Appends nodes to one case, evaluating each in torch as it goes (see torch_eval)."""

    def __init__(self, g: random.Random, make_evaluator, types: set):
        self.g, self.make_evaluator, self.types = g, make_evaluator, types
        self.ev = None
        self.nodes: list = []
        self.edges: list = []
        self.count = 0

    def input(self, shape: list[int], long: bool = False) -> tuple[str, list[int]]:
        params = {"shape": shape, "dtype": "long"} if long else {"shape": shape}
        self.nodes.append({"id": "in", "type": "Input", "params": params})
        self.ev = self.make_evaluator(shape)
        self.ev.add_input("in", shape, long)
        return "in", shape

    def add(self, layer_type: str, params: dict, *sources: str):
        """Adds a node fed by `sources` (ports in order); returns (id, shape or None)."""
        self.count += 1
        node_id = f"p{self.count}"
        node = {"id": node_id, "type": layer_type, "params": params}
        self.nodes.append(node)
        for port, source in enumerate(sources):
            edge = {"source": source, "target": node_id}
            if len(sources) > 1 or layer_type in ("Concat", "Add", "Multiply"):
                edge["port"] = port
            self.edges.append(edge)
        return node_id, self.ev.add(node, list(sources))


def needs(types: set, *wanted: str) -> bool:
    return all(t in types for t in wanted)


def conv_classifier(b: PatternBuilder) -> None:
    g = b.g
    d = g.choice([1, 2, 2, 3])
    size = g.randint(4, 16) if d < 3 else g.randint(4, 8)
    x, shape = b.input([g.randint(1, 4)] + [size] * d)
    for _ in range(g.randint(1, 3)):
        k = g.choice([1, 3, 5])
        x, shape = b.add(f"Conv{d}d", {"out_channels": g.choice([4, 8, 16]), "kernel_size": k,
                                       "padding": g.choice([k // 2, "same", 0]), "bias": False}, x)
        x, shape = b.add(f"BatchNorm{d}d", {}, x)
        x, shape = b.add(g.choice(["ReLU", "GELU", "SiLU"]), {}, x)
        x, shape = b.add(f"MaxPool{d}d" if g.random() < 0.7 else f"AvgPool{d}d", {"kernel_size": 2}, x)
    if g.random() < 0.5:
        x, shape = b.add(f"AdaptiveAvgPool{d}d", {"output_size": 1}, x)
    x, shape = b.add("Flatten", {}, x)
    if g.random() < 0.4:
        x, shape = b.add("Dropout", {"p": 0.2}, x)
    b.add("Linear", {"out_features": g.choice([2, 10])}, x)


def unet_level(b: PatternBuilder) -> None:
    g = b.g
    # Odd sizes make the decoder come back one short: the skip Concat then fails in torch too.
    h, w = g.choice([8, 12, 16, 9, 11]), g.choice([8, 12, 16, 10, 13])
    x, _ = b.input([g.randint(1, 3), h, w])
    c = g.choice([4, 8])
    e1, _ = b.add("Conv2d", {"out_channels": c, "kernel_size": 3, "padding": 1}, x)
    e1, _ = b.add("ReLU", {}, e1)
    down, _ = b.add("MaxPool2d", {"kernel_size": 2}, e1)
    mid, _ = b.add("Conv2d", {"out_channels": 2 * c, "kernel_size": 3, "padding": 1}, down)
    if g.random() < 0.5 or "Upsample" not in b.types:
        up, _ = b.add("ConvTranspose2d", {"out_channels": c, "kernel_size": 2, "stride": 2}, mid)
    else:
        up, _ = b.add("Upsample", {"scale_factor": 2, "mode": g.choice(["nearest", "bilinear"])}, mid)
    cat, _ = b.add("Concat", {"dim": 1} if g.random() < 0.5 else {}, up, e1)
    out, _ = b.add("Conv2d", {"out_channels": c, "kernel_size": 3, "padding": 1}, cat)
    b.add("Conv2d", {"out_channels": 1, "kernel_size": 1}, out)


def residual_block(b: PatternBuilder) -> None:
    g = b.g
    c = g.choice([4, 8])
    x, _ = b.input([c, g.randint(3, 12), g.randint(3, 12)])
    # Now and then the block changes the width or the size, and the residual Add must refuse.
    width = c if g.random() < 0.8 else c * 2
    stride = 1 if g.random() < 0.85 else 2
    y, _ = b.add("Conv2d", {"out_channels": width, "kernel_size": 3, "padding": 1, "stride": stride,
                            "bias": False}, x)
    y, _ = b.add("BatchNorm2d", {}, y)
    y, _ = b.add("ReLU", {}, y)
    y, _ = b.add("Conv2d", {"out_channels": width, "kernel_size": 3, "padding": 1, "bias": False}, y)
    y, _ = b.add("BatchNorm2d", {}, y)
    s, _ = b.add("Add", {}, y, x)
    b.add("ReLU", {}, s)


def squeeze_excite(b: PatternBuilder) -> None:
    g = b.g
    c = g.choice([4, 8, 16])
    x, _ = b.input([c, g.randint(2, 10), g.randint(2, 10)])
    s, _ = b.add("AdaptiveAvgPool2d", {"output_size": 1}, x)
    s, _ = b.add("Conv2d", {"out_channels": max(1, c // 4), "kernel_size": 1}, s)
    s, _ = b.add("ReLU", {}, s)
    s, _ = b.add("Conv2d", {"out_channels": c if g.random() < 0.85 else c + 1, "kernel_size": 1}, s)
    s, _ = b.add("Sigmoid", {}, s)
    b.add("Multiply", {}, x, s)


def transformer(b: PatternBuilder) -> None:
    g = b.g
    e = g.choice(ATTN_WIDTHS)
    length = g.randint(1, 12)
    if "Embedding" in b.types and g.random() < 0.5:
        x, _ = b.input([length], long=True)
        x, _ = b.add("Embedding", {"num_embeddings": g.randint(2, 50), "embedding_dim": e}, x)
    else:
        x, _ = b.input([length, g.choice([4, 6, 8])])
        x, _ = b.add("Linear", {"out_features": e}, x)
    heads = g.choice([h for h in (1, 2, 3, 4, 8) if e % h == 0] + ([5] if g.random() < 0.1 else []))
    if g.random() < 0.5:
        x, _ = b.add("TransformerEncoderLayer", {"nhead": heads, "dim_feedforward": 2 * e,
                                                 "norm_first": g.random() < 0.5}, x)
    else:
        a, _ = b.add("MultiheadAttention", {"num_heads": heads}, x)
        x, _ = b.add("Add", {}, a, x)
        x, _ = b.add("LayerNorm", {"normalized_shape": e}, x)
    if g.random() < 0.5:
        x, _ = b.add("Flatten", {}, x)
    b.add("Linear", {"out_features": g.choice([2, 10])}, x)


def token_pipeline(b: PatternBuilder) -> None:
    """Integer ids reshaped or clamped before the Embedding: dtype must flow through them."""
    g = b.g
    shape = [g.randint(1, 6), g.randint(1, 6)] if g.random() < 0.5 else [g.randint(2, 12)]
    x, shape = b.input(shape, long=True)
    step = g.choice(["Flatten", "Identity", "ReLU", "Unflatten", "Dropout", "Linear"])
    if step == "Unflatten" and shape is not None:
        x, shape = b.add("Unflatten", {"dim": 1, "unflattened_size": [1, shape[0]]}, x)
    elif step == "Dropout":
        x, shape = b.add("Dropout", {"p": g.choice([0.0, 0.1, 1.0])}, x)
    elif step == "Linear":
        x, shape = b.add("Linear", {"out_features": 4}, x)  # ids into a float layer: refused
    else:
        x, shape = b.add(step, {}, x)
    x, _ = b.add("Embedding", {"num_embeddings": g.randint(2, 30), "embedding_dim": g.choice([4, 8])}, x)
    b.add("Linear", {"out_features": 2}, x)


PATTERNS = [
    (conv_classifier, ("Conv1d", "Conv2d", "Conv3d", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "ReLU",
                       "GELU", "SiLU", "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d",
                       "AvgPool3d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "Flatten",
                       "Dropout", "Linear")),
    (unet_level, ("Conv2d", "ReLU", "MaxPool2d", "ConvTranspose2d", "Concat")),
    (residual_block, ("Conv2d", "BatchNorm2d", "ReLU", "Add")),
    (squeeze_excite, ("AdaptiveAvgPool2d", "Conv2d", "ReLU", "Sigmoid", "Multiply")),
    (token_pipeline, ("Flatten", "Identity", "ReLU", "Unflatten", "Dropout", "Linear", "Embedding")),
    (transformer, ("Linear", "TransformerEncoderLayer", "MultiheadAttention", "Add", "LayerNorm", "Flatten")),
]


def available_patterns(types: set) -> list:
    """Patterns whose every layer type is registered."""
    return [build for build, wanted in PATTERNS if needs(types, *wanted)]
