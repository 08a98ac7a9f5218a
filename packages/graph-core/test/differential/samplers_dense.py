"""Samplers for the activation, dropout, reshape, linear, attention and embedding families, and
the catalogue (`SPECS`) of every layer type the differential test knows how to sample."""

from __future__ import annotations

import random

from samplers import (
    Params,
    Shape,
    Spec,
    adaptive_sampler,
    batchnorm_sampler,
    conv_sampler,
    divisors,
    fractional_sampler,
    groupnorm_sample,
    layernorm_sampler,
    lrn_sample,
    pad_sampler,
    pick_bad,
    pool_sampler,
    shuffle_sampler,
    upsample_sample,
    upsampling2d_sample,
)

from samplers_seq import sequence_specs

ANY_RANK = [1, 2, 3, 4]


def no_params(g: random.Random, shape: Shape, bad: bool) -> Params:
    return {}


def float_params(**ranges):
    """Samples each named float param in [lo, hi] half the time (torch default otherwise)."""

    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        return {k: round(g.uniform(lo, hi), 3) for k, (lo, hi) in ranges.items() if g.random() < 0.5}

    return sample


def torch_dim(g: random.Random, rank: int, bad: bool, allow_batch: bool = False) -> int:
    """A dim counting the batch (1..rank or its negative); with bad, often out of range."""
    if bad and g.random() < 0.7:
        return g.choice([rank + 1, rank + 2, -(rank + 2)])
    lo = 0 if allow_batch else 1
    d = g.randint(lo, rank)
    return d - (rank + 1) if g.random() < 0.4 and d > 0 else d


def softmax_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    if not bad and g.random() < 0.1:
        return {}
    return {"dim": torch_dim(g, len(shape), bad, allow_batch=True)}


def prelu_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    c = shape[0] if shape else 1
    p: Params = {}
    if g.random() < 0.5 or bad:
        p["num_parameters"] = c if not bad else c + g.randint(1, 3)
    if g.random() < 0.3:
        p["init"] = 0.1
    return p


def celu_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    return {"alpha": 0.0} if bad else float_params(alpha=(0.1, 2.0))(g, shape, bad)


def hardtanh_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    lo = round(g.uniform(-3, 0), 2)
    hi = round(g.uniform(0.1, 3), 2)
    return {"min_val": hi, "max_val": lo if g.random() < 0.7 else hi} if bad else {"min_val": lo, "max_val": hi}


def rrelu_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    return {"lower": 0.5, "upper": 0.1} if bad else {"lower": 0.1, "upper": 0.3}


def gelu_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    if bad:
        return {"approximate": "erf"}
    return {"approximate": "tanh"} if g.random() < 0.5 else {}


def glu_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    even = [i + 1 for i, s in enumerate(shape) if s % 2 == 0]
    if bad or not even:
        choice = g.random()
        if choice < 0.15:
            return {"dim": 0}  # halves the batch (odd prime sizes: torch raises)
        return {"dim": torch_dim(g, len(shape), True)} if choice < 0.6 else {"dim": 1}
    return {"dim": g.choice(even)}


def threshold_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    return {"value": 1.0} if bad else {"threshold": 0.1, "value": 20.0}


def softshrink_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    return {"lambd": -0.5} if bad else {"lambd": 0.3}


def dropout_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    if bad and g.random() < 0.5:
        return {"p": g.choice([1.5, -0.1])}
    return {"p": g.choice([0.0, 0.1, 0.5, 1.0])} if g.random() < 0.6 else {}


def flatten_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    r = len(shape)
    p: Params = {}
    start = g.randint(1, r)
    end = g.randint(start, r)
    if g.random() < 0.6:
        p["start_dim"] = start - (r + 1) if g.random() < 0.3 else start
    if g.random() < 0.6:
        p["end_dim"] = end - (r + 1) if g.random() < 0.5 else end
    if bad:
        what = pick_bad(g, ["order", "range", "range-end", "batch"])
        if what == "batch":
            p = {"start_dim": g.choice([0, -(r + 1)])}  # torch merges the batch: a refusal
        elif what == "order" and r >= 2:
            p = {"start_dim": r, "end_dim": 1}
        elif what == "range-end":
            p = {"end_dim": r + 1}
        else:
            p = {"start_dim": r + 1}
    return p


def unflatten_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    r = len(shape)
    dim = g.randint(1, r)
    size = shape[dim - 1]
    a = g.choice(divisors(size))
    sizes = [a, size // a]
    if g.random() < 0.3:
        sizes[g.randrange(2)] = -1
    if g.random() < 0.2:
        sizes = [size]
    if bad:
        what = pick_bad(g, ["product", "two-infer", "range", "empty", "batch"])
        sizes = {"product": [size + 1, 1], "two-infer": [-1, -1], "empty": []}.get(what, sizes)
        if what == "range":
            dim = r + 1
        elif what == "batch":
            return {"dim": 0, "unflattened_size": [1, -1]}  # splits the batch dim
    return {"dim": dim - (r + 1) if g.random() < 0.3 else dim, "unflattened_size": sizes}


def linear_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    p: Params = {"out_features": g.randint(1, 32)}
    if g.random() < 0.3:
        p["bias"] = False
    if g.random() < 0.15 and shape:
        p["in_features"] = shape[-1]
    if bad:
        what = pick_bad(g, ["zero", "negative", "pinned"])
        if what == "pinned" and shape:
            p["in_features"] = shape[-1] + 1
        else:
            p["out_features"] = 0 if what == "zero" else -3
    return p


def attention_sampler(width: str, heads: str, tel: bool):
    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        e = shape[-1] if shape else 8
        p: Params = {heads: g.choice(divisors(e))}
        if g.random() < 0.3:
            p[width] = e
        if g.random() < 0.3:
            p["bias"] = False
        if g.random() < 0.3:
            p["dropout"] = 0.0
        if tel:
            p["dim_feedforward"] = g.choice([4, 16, 32])
            if g.random() < 0.4:
                p["activation"] = "gelu"
            if g.random() < 0.3:
                p["norm_first"] = True
            if g.random() < 0.2:
                p["layer_norm_eps"] = 1e-6
        else:
            if g.random() < 0.3:
                p["add_bias_kv"] = True
            if g.random() < 0.2:
                p["add_zero_attn"] = True
        if bad:
            what = pick_bad(g, ["heads", "width", "dropout", "eps"])
            if what == "heads":
                p[heads] = next((h for h in range(2, e + 2) if e % h), e + 1)
            elif what == "width":
                p[width] = e + 2
            elif what == "eps" and tel:
                p["layer_norm_eps"] = g.choice([0.0, -1.0])  # torch runs it
            else:
                p["dropout"] = 1.5
        return p

    return Spec(ranks=[2], sample=sample)


def embedding_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    n = g.randint(1, 50)
    p: Params = {"num_embeddings": n, "embedding_dim": g.randint(1, 16)}
    if g.random() < 0.3:
        p["padding_idx"] = g.randint(-n, n - 1)
    if g.random() < 0.15:
        p["max_norm"] = 1.0
    if g.random() < 0.1:
        p["scale_grad_by_freq"] = True
    if g.random() < 0.1:
        p["norm_type"] = 1.0
    if g.random() < 0.1:
        p["sparse"] = True
    if bad:
        what = pick_bad(g, ["pad", "dim0", "n0"])
        if what == "pad":
            p["padding_idx"] = n if g.random() < 0.5 else -n - 1
        elif what == "dim0":
            p["embedding_dim"] = 0
        else:
            p["num_embeddings"] = 0
    return p


def activation_specs() -> dict[str, Spec]:
    plain = ["ReLU", "ReLU6", "SELU", "SiLU", "Mish", "Sigmoid", "Tanh", "Hardswish", "Hardsigmoid",
             "Softsign", "Tanhshrink", "LogSigmoid", "Identity"]
    specs = {name: Spec(ranks=ANY_RANK, sample=no_params) for name in plain}
    specs.update({
        "LeakyReLU": Spec(ANY_RANK, float_params(negative_slope=(-0.5, 0.5))),
        "ELU": Spec(ANY_RANK, float_params(alpha=(-1.0, 2.0))),
        "Softplus": Spec(ANY_RANK, float_params(beta=(0.5, 2.0), threshold=(5.0, 30.0))),
        "Hardshrink": Spec(ANY_RANK, float_params(lambd=(-0.5, 1.0))),
        "PReLU": Spec(ANY_RANK, prelu_sample),
        "CELU": Spec(ANY_RANK, celu_sample),
        "GELU": Spec(ANY_RANK, gelu_sample),
        "Hardtanh": Spec(ANY_RANK, hardtanh_sample),
        "RReLU": Spec(ANY_RANK, rrelu_sample),
        "Threshold": Spec(ANY_RANK, threshold_sample),
        "Softshrink": Spec(ANY_RANK, softshrink_sample),
        "Softmax": Spec(ANY_RANK, softmax_sample),
        "LogSoftmax": Spec(ANY_RANK, softmax_sample),
        "Softmin": Spec(ANY_RANK, softmax_sample),
        "Softmax2d": Spec([3], no_params),
        "GLU": Spec(ANY_RANK, glu_sample),
    })
    return specs


def transpose_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    """Two dims counting the batch, positive or negative; bad: the batch dim or out of range."""
    r = len(shape)
    p: Params = {}
    for name in ("dim0", "dim1"):
        if g.random() < 0.8:
            d = g.randint(1, r)
            p[name] = d - (r + 1) if g.random() < 0.3 else d
    if bad:
        what = pick_bad(g, ["batch", "range", "same"])
        if what == "batch":
            p["dim0"] = g.choice([0, -(r + 1)])  # moves the batch: a refusal unless dim1 is 0 too
        elif what == "range":
            p[g.choice(["dim0", "dim1"])] = g.choice([r + 1, -(r + 2)])
        else:
            p["dim1"] = p.get("dim0", 1)  # swapping a dim with itself: a no-op torch allows
    return p


def all_specs() -> dict[str, Spec]:
    """Every layer type the generator can sample, by model-flow type name."""
    specs = activation_specs()
    for name, ranks in [("Dropout", ANY_RANK), ("Dropout1d", [1, 2]), ("Dropout2d", [3]),
                        ("Dropout3d", [4]), ("AlphaDropout", ANY_RANK), ("FeatureAlphaDropout", [3])]:
        specs[name] = Spec(ranks, dropout_sample)
    specs["Flatten"] = Spec([2, 3, 4], flatten_sample)
    specs["Unflatten"] = Spec([1, 2, 3], unflatten_sample)
    specs["Transpose"] = Spec([2, 3, 4], transpose_sample)
    specs["Linear"] = Spec([1, 2], linear_sample, inferred={"in_features": lambda x: x.shape[-1]})
    specs["MultiheadAttention"] = attention_sampler("embed_dim", "num_heads", tel=False)
    specs["TransformerEncoderLayer"] = attention_sampler("d_model", "nhead", tel=True)
    specs["Embedding"] = Spec([1, 2], embedding_sample, long_input=True)
    for d in (1, 2, 3):
        specs[f"Conv{d}d"] = conv_sampler(d, transposed=False)
        specs[f"ConvTranspose{d}d"] = conv_sampler(d, transposed=True)
        specs[f"MaxPool{d}d"] = pool_sampler(d, "max")
        specs[f"AvgPool{d}d"] = pool_sampler(d, "avg")
        specs[f"LPPool{d}d"] = pool_sampler(d, "lp")
        specs[f"AdaptiveAvgPool{d}d"] = adaptive_sampler(d)
        specs[f"AdaptiveMaxPool{d}d"] = adaptive_sampler(d, max_pool=True)
        specs[f"BatchNorm{d}d"] = batchnorm_sampler(d, instance=False)
        specs[f"InstanceNorm{d}d"] = batchnorm_sampler(d, instance=True)
        for kind, prefix in [("zero", "ZeroPad"), ("constant", "ConstantPad"), ("reflection", "ReflectionPad"),
                             ("replication", "ReplicationPad"), ("circular", "CircularPad")]:
            specs[f"{prefix}{d}d"] = pad_sampler(d, kind)
    for d in (2, 3):
        specs[f"FractionalMaxPool{d}d"] = fractional_sampler(d)
    specs["Upsample"] = Spec([2, 3, 4], upsample_sample)
    specs["UpsamplingNearest2d"] = Spec([3], upsampling2d_sample)
    specs["UpsamplingBilinear2d"] = Spec([3], upsampling2d_sample)
    specs["PixelShuffle"] = shuffle_sampler("upscale_factor", up=True)
    specs["PixelUnshuffle"] = shuffle_sampler("downscale_factor", up=False)
    specs["LayerNorm"] = layernorm_sampler(rms=False)
    specs["RMSNorm"] = layernorm_sampler(rms=True)
    specs["GroupNorm"] = Spec([2, 3, 4], groupnorm_sample, inferred={"num_channels": lambda x: x.shape[1]})
    specs["LocalResponseNorm"] = Spec([2, 3], lrn_sample)
    specs.update(sequence_specs())
    return specs
