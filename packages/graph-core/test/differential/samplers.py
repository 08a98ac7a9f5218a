"""Per-layer random param samplers for the differential test.

Each sampler sees the batch-free input shape and returns model-flow params (torch constructor
names and value forms). With `bad=True` it usually perturbs one aspect the way a user might get it
wrong (kernel larger than the input, groups that don't divide, p > 1, out-of-range dims...). It
never decides the verdict: torch does, in gen_cases.py. Samplers stay inside the model-flow
semantics: they never touch the batch dimension (dim 0), which has no per-sample meaning.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable

Shape = list[int]
Params = dict


@dataclass
class Spec:
    """How to sample one layer type: preferred batch-free input ranks and a param sampler."""

    ranks: list[int]
    sample: Callable[[random.Random, Shape, bool], Params]
    # Input size args torch needs but model-flow infers: name -> reader of the batched tensor.
    inferred: dict = field(default_factory=dict)
    channel_first: bool = True
    long_input: bool = False
    # Two-input layers (Bilinear, TransformerDecoderLayer, Transformer): the port-1 input's shape
    # from the port-0 one (bad: often one torch refuses). None: a one-input layer.
    second: Callable[[random.Random, Shape, bool], Shape] | None = None


def divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0] or [1]


def tup(g: random.Random, d: int, lo: int, hi: int):
    """An int or, half the time, a d-tuple (as a JSON list) of ints in [lo, hi]."""
    if d == 1 or g.random() < 0.5:
        return g.randint(lo, hi)
    return [g.randint(lo, hi) for _ in range(d)]


def as_list(v, d: int) -> list:
    return list(v) if isinstance(v, list) else [v] * d


def pick_bad(g: random.Random, options: list[str]) -> str:
    return g.choice(options)


# ── convolution ─────────────────────────────────────────────────────────────────────────────


def conv_sampler(d: int, transposed: bool):
    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        c = shape[0] if shape else 1
        spatial = shape[1:] or [4] * d
        small = max(1, min(spatial))
        groups = g.choice(divisors(c)) if g.random() < 0.4 else 1
        p: Params = {"out_channels": groups * g.randint(1, max(1, 12 // groups))}
        k = tup(g, d, 1, max(1, min(5, small)))
        p["kernel_size"] = k
        if g.random() < 0.5:
            p["stride"] = tup(g, d, 1, 3)
        if g.random() < 0.3:
            p["dilation"] = tup(g, d, 1, 2)
        if groups > 1:
            p["groups"] = groups
        if g.random() < 0.3:
            p["bias"] = False
        stride = as_list(p.get("stride", 1), d)
        dil = as_list(p.get("dilation", 1), d)
        if transposed:
            if g.random() < 0.5:
                p["padding"] = tup(g, d, 0, 2)
            if g.random() < 0.4:
                p["output_padding"] = [g.randint(0, max(s, dl) - 1) for s, dl in zip(stride, dil)]
        else:
            r = g.random()
            if r < 0.15 and all(s == 1 for s in stride):
                p["padding"] = "same"
            elif r < 0.25:
                p["padding"] = "valid"
            elif r < 0.6:
                p["padding"] = tup(g, d, 0, 2)
            if g.random() < 0.25:
                p["padding_mode"] = g.choice(["reflect", "replicate", "circular"])
        if bad:
            what = pick_bad(g, ["kernel", "groups", "out", "stride0", "same-stride", "pad", "opad", "mode"])
            if what == "kernel":
                p["kernel_size"] = max(spatial) + g.randint(3, 6)
            elif what == "groups" and c > 1:
                p["groups"] = next((x for x in range(2, c + 2) if c % x), c + 1)
            elif what == "out" and groups > 1:
                p["out_channels"] = groups + 1
            elif what == "stride0":
                p["stride"] = 0
            elif what == "same-stride" and not transposed:
                p["padding"], p["stride"] = "same", 2
            elif what == "pad":
                p["padding"] = g.randint(3, 8) if transposed else small + g.randint(0, 4)
                if not transposed and g.random() < 0.5:
                    p["padding_mode"] = g.choice(["reflect", "circular"])
            elif what == "opad" and transposed:
                p["output_padding"] = max(max(stride), max(dil)) + g.randint(0, 1)
            elif what == "mode":
                p["padding_mode"] = g.choice(["reflect", "circular", "replicate", "zeros"])
                p["padding"] = g.randint(1, 4)
        return p

    return Spec(ranks=[d + 1], sample=sample, inferred={"in_channels": lambda x: x.shape[1]})


# ── pooling ─────────────────────────────────────────────────────────────────────────────────


def pool_sampler(d: int, kind: str):
    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        spatial = shape[1:] or [4] * d
        small = max(1, min(spatial))
        k = tup(g, d, 1, max(1, min(4, small)))
        p: Params = {"kernel_size": k}
        if g.random() < 0.5:
            p["stride"] = tup(g, d, 1, 3)
        half = min(as_list(k, d)) // 2
        if kind != "lp" and g.random() < 0.4 and half > 0:
            p["padding"] = g.randint(0, half)
        if g.random() < 0.4:
            p["ceil_mode"] = True
        if kind == "max" and g.random() < 0.3:
            p["dilation"] = tup(g, d, 1, 2)
        if kind == "max" and g.random() < 0.04:
            p["return_indices"] = True  # the module then returns a tuple, not a tensor
        if kind == "avg":
            if g.random() < 0.3:
                p["count_include_pad"] = False
            # AvgPool1d has no divisor_override in torch: sampling it there checks the refusal.
            if g.random() < (0.15 if d > 1 else 0.1):
                p["divisor_override"] = g.randint(1, 5)
        if kind == "lp":
            p["norm_type"] = g.choice([1.0, 2.0, 3.0])
        if bad:
            what = pick_bad(g, ["kernel", "pad" if kind != "lp" else "kernel", "stride0", "divisor", "kernel0"])
            if what == "kernel":
                p["kernel_size"] = max(spatial) + g.randint(1, 4)
            elif what == "pad":
                p["padding"] = min(as_list(k, d)) // 2 + 1
            elif what == "stride0":
                p["stride"] = 0
            elif what == "divisor" and kind == "avg" and d > 1:
                p["divisor_override"] = 0
            else:
                p["kernel_size"] = 0
        return p

    return Spec(ranks=[d + 1], sample=sample)


def fractional_sampler(d: int):
    """FractionalMaxPool: kernel plus output_size or output_ratio (bad: both, neither, too big)."""

    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        spatial = shape[1:] or [4] * d
        small = max(1, min(spatial))
        k = tup(g, d, 1, max(1, min(3, small)))
        p: Params = {"kernel_size": k}
        ks = as_list(k, d)
        if g.random() < 0.5:
            hi = [max(1, s - kk + 1) for s, kk in zip(spatial, ks)]
            p["output_size"] = g.randint(1, min(hi)) if g.random() < 0.5 else [g.randint(1, h) for h in hi]
        else:
            p["output_ratio"] = g.choice([0.5, 0.7, 0.3]) if g.random() < 0.5 else \
                [g.choice([0.5, 0.6, 0.9]) for _ in range(d)]
        if g.random() < 0.04:
            p["return_indices"] = True
        if bad:
            what = pick_bad(g, ["both", "neither", "size", "ratio", "kernel"])
            if what == "both":
                p["output_size"], p["output_ratio"] = 2, 0.5
            elif what == "neither":
                p.pop("output_size", None)
                p.pop("output_ratio", None)
            elif what == "size":
                p.pop("output_ratio", None)
                p["output_size"] = max(spatial)
            elif what == "ratio":
                p.pop("output_size", None)
                p["output_ratio"] = g.choice([1.0, 1.5, 0.05])
            else:
                p["kernel_size"] = max(spatial) + 1
        return p

    return Spec(ranks=[d + 1, d], sample=sample)


def adaptive_sampler(d: int, max_pool: bool = False):
    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        if d == 1 or g.random() < 0.4:
            out = g.randint(1, 8)
        else:
            out = [g.randint(1, 8) for _ in range(d)]
            if g.random() < 0.3:
                out[g.randrange(d)] = None
        if bad:
            out = g.choice([0, [1] * (d + 1), -1])
        p: Params = {"output_size": out}
        if max_pool and g.random() < 0.05:
            p["return_indices"] = True  # a (values, indices) tuple: refused
        return p

    return Spec(ranks=[d + 1], sample=sample)


# ── upsampling ──────────────────────────────────────────────────────────────────────────────

MODES_BY_D = {1: ["nearest", "linear", "nearest-exact", "area"],
              2: ["nearest", "bilinear", "bicubic", "nearest-exact", "area"],
              3: ["nearest", "trilinear", "nearest-exact", "area"]}
# "lanczos" is an interpolate mode nn.Upsample can never run (it needs antialias=True).
ALL_MODES = ["nearest", "linear", "bilinear", "bicubic", "trilinear", "nearest-exact", "area", "lanczos"]


def upsample_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    d = max(1, min(3, len(shape) - 1))
    mode = g.choice(MODES_BY_D[d])
    p: Params = {}
    if mode != "nearest":
        p["mode"] = mode
    if g.random() < 0.5:
        p["scale_factor"] = g.choice([2, 2, 3, 0.5, 1.5, [2.0] * d]) if d > 1 else g.choice([2, 3, 0.5, 1.5])
    else:
        p["size"] = g.randint(1, 24) if g.random() < 0.5 or d == 1 else [g.randint(1, 16) for _ in range(d)]
    if mode in ("linear", "bilinear", "bicubic", "trilinear") and g.random() < 0.4:
        p["align_corners"] = True
    if "scale_factor" in p and g.random() < 0.2:
        p["recompute_scale_factor"] = g.random() < 0.5
    if bad:
        what = pick_bad(g, ["mode", "both", "neither", "align", "size-rank", "recompute"])
        if what == "mode":
            p["mode"] = g.choice([m for m in ALL_MODES if m not in MODES_BY_D[d]])
        elif what == "both":
            p["size"], p["scale_factor"] = 4, 2
        elif what == "neither":
            p.pop("size", None)
            p.pop("scale_factor", None)
        elif what == "align":
            p["mode"], p["align_corners"] = "nearest", True
        elif what == "recompute":
            p.pop("scale_factor", None)
            p["size"], p["recompute_scale_factor"] = 4, True
        else:
            p.pop("scale_factor", None)
            p["size"] = [4] * (d + 1)
    return p


def upsampling2d_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    if g.random() < 0.5:
        p: Params = {"scale_factor": g.choice([2, 3, [2, 3]])}
    else:
        p = {"size": g.choice([g.randint(1, 16), [g.randint(1, 16), g.randint(1, 16)]])}
    if bad:
        p = g.choice([{}, {"size": 4, "scale_factor": 2}])
    return p


def shuffle_sampler(name: str, up: bool):
    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        c = shape[0] if shape else 1
        if up:
            ok = [r for r in range(1, 5) if c % (r * r) == 0]
        else:
            ok = [r for r in range(1, 5) if all(s % r == 0 for s in shape[1:])]
        r = g.choice(ok) if ok else 1
        if bad:
            r = g.choice([r + 1, 0, 5])
        return {name: r}

    return Spec(ranks=[3], sample=sample)


# ── padding ─────────────────────────────────────────────────────────────────────────────────


def pad_sampler(d: int, kind: str):
    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        spatial = shape[1:] or [4] * d
        limit = max(0, min(spatial) - 1) if kind == "reflection" else min(spatial) if kind == "circular" else 3
        hi = min(3, limit)
        if g.random() < 0.5:
            pad = g.randint(0, hi)
        else:
            pad = [g.randint(0, hi) for _ in range(2 * d)]
            if kind in ("zero", "constant") and g.random() < 0.3:
                pad[0] = -g.randint(0, 1)
        p: Params = {"padding": pad}
        if kind == "constant":
            p["value"] = g.choice([0.0, 1.0, -0.5])
        if bad:
            what = pick_bad(g, ["big", "neg", "len"])
            if what == "big":
                p["padding"] = max(spatial) + g.randint(0, 3)
            elif what == "neg":
                p["padding"] = -max(spatial)
            else:
                p["padding"] = [1] * (2 * d + 1)
        return p

    return Spec(ranks=[d + 1], sample=sample)


# ── normalization ───────────────────────────────────────────────────────────────────────────


def batchnorm_sampler(d: int, instance: bool):
    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        p: Params = {}
        if g.random() < 0.3:
            p["eps"] = g.choice([1e-3, 1e-5, 0.01])
        if g.random() < 0.3:
            p["momentum"] = g.choice([0.01, 0.1, 0.5, None])  # None: cumulative moving average
        if g.random() < 0.3:
            p["affine"] = instance
        if g.random() < 0.3:
            p["track_running_stats"] = instance
        if g.random() < 0.15:
            p["bias"] = False
        if bad:
            p[g.choice(["eps", "momentum"])] = -1.0 if g.random() < 0.5 else 0.0
        return p

    ranks = [d + 1] if d > 1 else [1, 2]
    return Spec(ranks=ranks, sample=sample, inferred={"num_features": lambda x: x.shape[1]})


def layernorm_sampler(rms: bool):
    def sample(g: random.Random, shape: Shape, bad: bool) -> Params:
        n = g.randint(1, len(shape))
        ns = shape[-n:]
        p: Params = {"normalized_shape": ns if len(ns) > 1 or g.random() < 0.5 else ns[0]}
        if g.random() < 0.3:
            p["elementwise_affine"] = False
        if not rms and g.random() < 0.3:
            p["bias"] = False
        if g.random() < 0.3:
            p["eps"] = 1e-6 if rms or g.random() < 0.5 else 1e-3
        if bad:
            if g.random() < 0.25:
                p["eps"] = 0.0
            else:
                p["normalized_shape"] = [s + 1 for s in ns] if g.random() < 0.6 else shape + [2]
        return p

    return Spec(ranks=[1, 2, 3], sample=sample)


def groupnorm_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    c = shape[0] if shape else 1
    p: Params = {"num_groups": g.choice(divisors(c))}
    if g.random() < 0.3:
        p["affine"] = False
    if g.random() < 0.15:
        p["bias"] = False
    if bad:
        if g.random() < 0.25:
            p["eps"] = 0.0
        else:
            p["num_groups"] = next((x for x in range(2, c + 2) if c % x), c + 1)
    return p


def lrn_sample(g: random.Random, shape: Shape, bad: bool) -> Params:
    p: Params = {"size": g.randint(1, 5)}
    if g.random() < 0.3:
        p["alpha"] = 1e-3
    if g.random() < 0.2:
        p["beta"], p["k"] = 0.5, 2.0
    if bad:
        p["size"] = 0
    return p
