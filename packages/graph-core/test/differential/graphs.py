"""Case shapes for the differential test: single layers, chains, and skip/merge graphs.

Each builder evaluates nodes in torch as it adds them (see gen_cases.Evaluator), so the next
layer's params can be sampled against the real shape. About 30% of cases are built "bad": a wrong
input rank or a perturbed param; torch then decides whether it actually refuses.
"""

from __future__ import annotations

import random

from patterns import PatternBuilder, available_patterns

BAD_RATE = 0.45
PRIMES = [3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
SPATIAL_MAX = {1: 32, 2: 24, 3: 14, 4: 8}
ATTENTION = {"MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder", "TransformerDecoderLayer",
             "Transformer"}
# Layers that keep the shape (or only change channels) — what real skip branches are made of.
BRANCH_TYPES = ["ReLU", "GELU", "Sigmoid", "Tanh", "SiLU", "Dropout", "Identity", "LayerNorm",
                "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "Conv1d", "Conv2d", "Conv3d", "Linear"]


def input_shape(g: random.Random, rank: int, layer_type: str) -> list[int]:
    if layer_type in ATTENTION and rank == 2:
        return [g.randint(1, 12), g.choice([4, 6, 8, 12, 16])]
    if layer_type == "Embedding":
        return [g.randint(1, 16) for _ in range(rank)]
    hi = SPATIAL_MAX.get(rank, 6)
    first = g.randint(1, 12) if rank > 1 else g.randint(1, 32)
    return [first] + [g.randint(1 if g.random() < 0.1 else 2, hi) for _ in range(rank - 1)]


def pick_batches(shapes: list[list[int]]) -> tuple[int, int]:
    """Two primes absent from the input dims, so torch cannot read the batch as a channel."""
    used = {d for s in shapes for d in s}
    free = [p for p in PRIMES if p not in used]
    return free[0], free[1]


class CaseBuilder:
    """Builds case number `index` (a dict with the document and torch's verdicts)."""

    def __init__(self, g, layer_types, merges, specs, evaluator_cls):
        self.g, self.types, self.merges, self.specs = g, layer_types, merges, specs
        self.evaluator_cls = evaluator_cls
        self.single_count = 0
        # Two-input layers only appear as single cases (a chain passes one tensor along).
        self.chainable = [t for t in layer_types if specs[t].second is None] or layer_types
        self.patterns = available_patterns(set(layer_types) | set(merges))

    def build(self, index: int):
        roll = self.g.random()
        if roll < 0.55 or not self.types:
            kind, nodes, edges, ev = "single", *self.single()
        elif roll < 0.75 or not self.merges:
            kind, nodes, edges, ev = "chain", *self.chain()
        elif roll < 0.9 or not self.patterns:
            kind, nodes, edges, ev = "merge", *self.merge()
        else:
            kind, nodes, edges, ev = "pattern", *self.pattern()
        model = {"format": "layerwise.model-flow", "version": 1, "name": f"case {index}",
                 "nodes": nodes, "edges": edges}
        return {"id": f"case-{index:05d}", "kind": kind, "batch": ev.batch, "model": model, "expect": ev.expect}

    def pair_case(self, index: int, layer_type: str):
        """An extra single case of a two-input layer: random chains never reach them."""
        nodes, edges, ev = self.single_pair(layer_type, self.g.random() < BAD_RATE)
        model = {"format": "layerwise.model-flow", "version": 1, "name": f"pair {index}",
                 "nodes": nodes, "edges": edges}
        return {"id": f"pair-{index:04d}", "kind": "single", "batch": ev.batch, "model": model, "expect": ev.expect}

    def fixed_chain(self, index: int, shape: list[int], is_long: bool, layers: list):
        """A chain with given params (regressions.py): only torch's verdict is computed."""
        ev = self.evaluator_cls(self.specs, pick_batches([shape]))
        params = {"shape": shape, "dtype": "long"} if is_long else {"shape": shape}
        nodes: list = [{"id": "in", "type": "Input", "params": params}]
        edges: list = []
        ev.add_input("in", shape, is_long)
        source, current = "in", shape
        for i, (layer_type, layer_params) in enumerate(layers):
            node_id = f"n{i + 1}"
            current = self.layer(nodes, edges, ev, node_id, layer_type, source, current, False, dict(layer_params))
            source = node_id
        model = {"format": "layerwise.model-flow", "version": 1, "name": f"regression {index}",
                 "nodes": nodes, "edges": edges}
        return {"id": f"regression-{index:03d}", "kind": "regression", "batch": ev.batch, "model": model,
                "expect": ev.expect}

    # ── pieces ──────────────────────────────────────────────────────────────────────────────

    def start(self, layer_type: str, bad: bool):
        spec = self.specs[layer_type]
        rank = self.g.choice(spec.ranks)
        if bad and self.g.random() < 0.35:
            wrong = [r for r in (1, 2, 3, 4, 5) if r not in spec.ranks]
            rank = self.g.choice(wrong) if wrong else rank
        shape = input_shape(self.g, rank, layer_type)
        is_long = spec.long_input and not (bad and self.g.random() < 0.3)
        if not spec.long_input and self.g.random() < 0.04:
            is_long = True  # integer ids into a float layer: torch decides which layers take them
        ev = self.evaluator_cls(self.specs, pick_batches([shape]))
        params = {"shape": shape, "dtype": "long"} if is_long else {"shape": shape}
        ev.add_input("in", shape, is_long)
        return [{"id": "in", "type": "Input", "params": params}], ev, shape

    def layer(self, nodes, edges, ev, node_id, layer_type, source, shape, bad, params=None):
        if params is None:
            params = self.specs[layer_type].sample(self.g, list(shape), bad)
        node = {"id": node_id, "type": layer_type, "params": params}
        nodes.append(node)
        edges.append({"source": source, "target": node_id})
        return ev.add(node, [source])

    def compatible(self, shape) -> str:
        if shape is not None and self.g.random() < 0.9:
            fits = [t for t in self.chainable if len(shape) in self.specs[t].ranks and t != "Embedding"]
            if fits:
                return self.g.choice(fits)
        return self.g.choice(self.chainable)

    # ── case kinds ──────────────────────────────────────────────────────────────────────────

    def single(self):
        layer_type = self.types[self.single_count % len(self.types)]
        self.single_count += 1
        bad = self.g.random() < BAD_RATE
        if self.specs[layer_type].second is not None:
            return self.single_pair(layer_type, bad)
        nodes, ev, shape = self.start(layer_type, bad)
        edges: list = []
        self.layer(nodes, edges, ev, "n1", layer_type, "in", shape, bad)
        return nodes, edges, ev

    def single_pair(self, layer_type: str, bad: bool):
        """A two-input layer fed by two Inputs on ports 0 and 1."""
        g, spec = self.g, self.specs[layer_type]
        rank = g.choice(spec.ranks)
        if bad and g.random() < 0.25:
            rank = g.choice([r for r in (1, 2, 3, 4) if r not in spec.ranks] or [rank])
        first = input_shape(g, rank, layer_type)
        second = spec.second(g, list(first), bad and g.random() < 0.5)
        ev = self.evaluator_cls(self.specs, pick_batches([first, second]))
        nodes: list = [{"id": "in", "type": "Input", "params": {"shape": first}},
                       {"id": "in2", "type": "Input", "params": {"shape": second}}]
        ev.add_input("in", first, False)
        ev.add_input("in2", second, False)
        node = {"id": "n1", "type": layer_type, "params": spec.sample(g, list(first), bad)}
        nodes.append(node)
        edges = [{"source": "in", "target": "n1", "port": 0}, {"source": "in2", "target": "n1", "port": 1}]
        ev.add(node, ["in", "in2"])
        return nodes, edges, ev

    def chain(self):
        first = self.g.choice(self.chainable)
        bad_at = self.g.randrange(4) if self.g.random() < BAD_RATE else -1
        nodes, ev, shape = self.start(first, bad_at == 0)
        edges: list = []
        last_known, source = shape, "in"
        for i in range(self.g.randint(2, 4)):
            layer_type = first if i == 0 else self.compatible(shape)
            node_id = f"n{i + 1}"
            shape = self.layer(nodes, edges, ev, node_id, layer_type, source, last_known, i == bad_at)
            last_known = shape if shape is not None else last_known
            source = node_id
        return nodes, edges, ev

    def pattern(self):
        make = lambda shape: self.evaluator_cls(self.specs, pick_batches([shape]))  # noqa: E731
        builder = PatternBuilder(self.g, make, set(self.types) | set(self.merges))
        self.g.choice(self.patterns)(builder)
        return builder.nodes, builder.edges, builder.ev

    def merge(self):
        g = self.g
        rank = g.choice([1, 2, 3, 3, 3, 4])
        shape = input_shape(g, rank, "")
        ev = self.evaluator_cls(self.specs, pick_batches([shape]))
        nodes: list = [{"id": "in", "type": "Input", "params": {"shape": shape}}]
        edges: list = []
        ev.add_input("in", shape, False)
        op = g.choice(self.merges)
        bad = g.random() < BAD_RATE
        sources = []
        for b in range(3 if g.random() < 0.2 else 2):
            sources.append(self.branch(nodes, edges, ev, f"b{b}", shape, op, bad and b == 1))
        merge = {"id": "m", "type": op, "params": self.merge_params(op, rank, bad)}
        nodes.append(merge)
        edges.extend({"source": s, "target": "m", "port": i} for i, s in enumerate(sources))
        out = ev.add(merge, sources)
        if g.random() < 0.5:
            after = self.compatible(out)
            self.layer(nodes, edges, ev, "after", after, "m", out if out is not None else shape, False)
        return nodes, edges, ev

    def branch(self, nodes, edges, ev, prefix, shape, op, bad) -> str:
        g, source, current = self.g, "in", shape
        if op == "Multiply" and g.random() < 0.4 and len(shape) >= 2:
            # Squeeze-and-excitation style gate: [C, 1, …] broadcast against [C, H, …].
            pool = f"AdaptiveAvgPool{len(shape) - 1}d"
            if pool in self.types and len(shape) <= 4:
                current = self.layer(nodes, edges, ev, f"{prefix}p", pool, source, current, False,
                                     {"output_size": 1})
                source = f"{prefix}p"
        for i in range(g.randint(0, 2)):
            if current is None:
                break
            layer_type = self.branch_type(current)
            if layer_type is None:
                break
            params = self.branch_params(layer_type, current, op, bad and i == 0)
            node_id = f"{prefix}{i}"
            current = self.layer(nodes, edges, ev, node_id, layer_type, source, current, False, params)
            source = node_id
        if bad and op != "Concat" and current is not None and len(current) >= 2 and "Flatten" in self.types \
                and g.random() < 0.4:
            # A classic slip: gating [C, H, W] with a flattened [C·…] vector (ranks differ, so
            # torch would line the batch up against a feature dim).
            current = self.layer(nodes, edges, ev, f"{prefix}f", "Flatten", source, current, False, {})
            source = f"{prefix}f"
        return source

    def branch_type(self, shape):
        d = len(shape) - 1
        fits = [t for t in BRANCH_TYPES if t in self.types and (
            t[-2:] != "1d" and t[-2:] != "2d" and t[-2:] != "3d" or t.endswith(f"{max(d, 1)}d"))]
        return self.g.choice(fits) if fits else None

    def branch_params(self, layer_type, shape, op, bad):
        g = self.g
        if layer_type.startswith("Conv"):
            keep = op != "Concat" and not bad
            out = shape[0] if keep else g.randint(1, 8)
            k = g.choice([1, 3, 5])
            p = {"out_channels": out, "kernel_size": k, "padding": k // 2 if g.random() < 0.7 else "same"}
            if bad:
                p["padding"] = 0 if k > 1 else 1
            return p
        if layer_type == "Linear":
            return {"out_features": shape[-1] if not bad else shape[-1] + g.randint(1, 3)}
        if layer_type == "LayerNorm":
            return {"normalized_shape": shape[-1:]}
        return self.specs[layer_type].sample(g, list(shape), False)

    def merge_params(self, op, rank, bad):
        if op != "Concat":
            return {}
        g = self.g
        if bad and g.random() < 0.5:
            # Out of range, or the batch dim itself (torch then changes the batch size).
            return {"dim": g.choice([rank + 1, -(rank + 2), 0, -(rank + 1)])}
        dim = 1 if g.random() < 0.7 else g.randint(1, rank)
        if g.random() < 0.3:
            dim -= rank + 1
        return {} if dim == 1 and g.random() < 0.3 else {"dim": dim}
