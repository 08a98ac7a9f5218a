"""Samplers for the sequence layers: RNN/LSTM/GRU and their cells, Bilinear, and the transformer
modules (TransformerEncoder, TransformerDecoderLayer, Transformer). `batch_first` is sampled both
ways: with False torch reads the batch as time, which runs (graph-core warns) and must give the
same shapes and counts. Two-input layers give the port-1 shape through `Spec.second`."""

from __future__ import annotations

import random

from samplers import Params, Shape, Spec, divisors, pick_bad


def rnn_sampler(kind: str):
    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        h = g.randint(1, 12)
        p: Params = {"hidden_size": h}
        if g.random() < 0.4:
            p["num_layers"] = g.randint(1, 3)
        if g.random() < 0.5:
            p["batch_first"] = True
        if g.random() < 0.3:
            p["bidirectional"] = True
        if g.random() < 0.2:
            p["bias"] = False
        if g.random() < 0.2:
            p["dropout"] = g.choice([0.0, 0.25])
        if kind == "RNN" and g.random() < 0.3:
            p["nonlinearity"] = "relu"
        if kind == "LSTM" and g.random() < 0.25 and h > 1:
            p["proj_size"] = g.randint(1, h - 1)
        if g.random() < 0.15 and shape:
            p["input_size"] = shape[-1]
        if bad:
            what = pick_bad(g, ["hidden", "pinned", "dropout", "layers", "proj" if kind == "LSTM" else "mode"])
            if what == "hidden":
                p["hidden_size"] = 0
            elif what == "pinned" and shape:
                p["input_size"] = shape[-1] + 1
            elif what == "dropout":
                p["dropout"] = 1.5
            elif what == "layers":
                p["num_layers"] = 0
            elif what == "proj":
                p["proj_size"] = h + g.randint(0, 2)
            else:
                p["nonlinearity"] = "sigmoid" if kind == "RNN" else "tanh"  # GRU has none: refused
        return p

    return Spec(ranks=[2, 2, 1], sample=sample, inferred={"input_size": lambda x: x.shape[-1]})


def cell_sampler(kind: str):
    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        p: Params = {"hidden_size": g.randint(1, 16)}
        if g.random() < 0.2:
            p["bias"] = False
        if kind == "RNN" and g.random() < 0.3:
            p["nonlinearity"] = "relu"
        if g.random() < 0.15 and shape:
            p["input_size"] = shape[-1]
        if bad:
            what = pick_bad(g, ["hidden", "pinned"])
            if what == "hidden":
                p["hidden_size"] = 0
            elif shape:
                p["input_size"] = shape[-1] + 2
        return p

    return Spec(ranks=[1], sample=sample, inferred={"input_size": lambda x: x.shape[-1]})


def bilinear_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    p: Params = {"out_features": g.randint(1, 8)}
    if g.random() < 0.3:
        p["bias"] = False
    if g.random() < 0.15 and shape:
        p["in1_features"] = shape[-1]
    if bad:
        what = pick_bad(g, ["out", "pinned"])
        if what == "out":
            p["out_features"] = 0
        elif shape:
            p["in1_features"] = shape[-1] + 1
    return p


def bilinear_second(g: random.Random, shape: Shape, bad: bool) -> Shape:
    second = shape[:-1] + [g.randint(1, 10)]
    if bad:
        what = pick_bad(g, ["lead", "rank"])
        if what == "lead" and len(shape) > 1:
            second[0] += 1
        else:
            second = [g.randint(1, 4)] + second  # one more dim
    return second


def transformer_sampler(kind: str):
    """kind: "encoder" (TransformerEncoder), "decoder" (TransformerDecoderLayer), "full"."""

    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        e = shape[-1] if shape else 8
        heads = "nhead"
        p: Params = {heads: g.choice(divisors(e)), "dim_feedforward": g.choice([4, 16, 32])}
        if kind == "full":
            p["d_model"] = e
            p["num_encoder_layers"] = g.randint(1, 2)
            p["num_decoder_layers"] = g.randint(1, 2)
        elif g.random() < 0.3:
            p["d_model"] = e
        if kind == "encoder":
            p["num_layers"] = g.randint(1, 3)
            if g.random() < 0.4:
                p["norm"] = "LayerNorm"
            if g.random() < 0.2:
                p["enable_nested_tensor"] = False
        if g.random() < 0.5:
            p["batch_first"] = True
        if g.random() < 0.3:
            p["bias"] = False
        if g.random() < 0.3:
            p["dropout"] = 0.0
        if g.random() < 0.3:
            p["activation"] = "gelu"
        if g.random() < 0.3:
            p["norm_first"] = True
        if bad:
            what = pick_bad(g, ["heads", "width", "dropout", "layers" if kind != "decoder" else "width"])
            if what == "heads":
                p[heads] = next((h for h in range(2, e + 2) if e % h), e + 1)
            elif what == "width":
                p["d_model"] = e + 2
            elif what == "dropout":
                p["dropout"] = 1.5
            else:
                p["num_layers" if kind == "encoder" else "num_decoder_layers"] = 0
        return p

    return sample


def sequence_second(g: random.Random, shape: Shape, bad: bool) -> Shape:
    """The other sequence of a pair: same width, its own length (same rank)."""
    if len(shape) == 2:
        second = [g.randint(1, 12), shape[-1]]
        if g.random() < 0.5:
            second[0] = shape[0]  # equal lengths: what batch_first=False needs (its batch dims)
    else:
        second = list(shape)
    if bad:
        what = pick_bad(g, ["width", "rank"])
        if what == "width":
            second[-1] += 2
        else:
            second = second[-1:] if len(second) == 2 else [g.randint(1, 6)] + second
    return second


def sequence_specs() -> dict[str, Spec]:
    specs: dict[str, Spec] = {}
    for kind in ("RNN", "LSTM", "GRU"):
        specs[kind] = rnn_sampler(kind)
        specs[f"{kind}Cell"] = cell_sampler(kind)
    specs["Bilinear"] = Spec(ranks=[1, 2], sample=bilinear_sample, second=bilinear_second)
    specs["TransformerEncoder"] = Spec(ranks=[2, 2, 1], sample=transformer_sampler("encoder"))
    specs["TransformerDecoderLayer"] = Spec(ranks=[2, 2, 1], sample=transformer_sampler("decoder"),
                                            second=sequence_second)
    specs["Transformer"] = Spec(ranks=[2, 2, 1], sample=transformer_sampler("full"), second=sequence_second)
    return specs
