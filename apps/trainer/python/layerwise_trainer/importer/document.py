"""Turns recorded frames into a model-flow v1 document with reusable blocks.

Every call of one of the user's module classes became a frame; here each distinct frame graph
becomes one block definition, shared by every call with the same structure (inferred input
sizes are not part of the structure, so `DoubleConv(3, 64)` and `DoubleConv(128, 64)` share a
block, as they share a class). Frames of one class with different structure (other channel
counts) get numbered variants of the class's block id.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .records import Frame, TracedNode

# Sizes graph-core always infers from the incoming tensor (torch asserts they equal it anyway);
# the TypeScript side drops the other widths that graph-core infers (d_model, input_size, …).
INFERRED = frozenset({"in_channels", "in_features", "num_features", "num_channels"})


def snake(name: str) -> str:
    """`DoubleConv` → `double_conv`, `UNetUp2` → `u_net_up2`."""
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_") or "block"


class DocumentBuilder:
    def __init__(self) -> None:
        self.blocks: dict[str, dict[str, Any]] = {}
        self.by_signature: dict[str, str] = {}
        self.class_count: dict[str, int] = {}
        self.traced: dict[str, list[int] | None] = {}
        self.meta: dict[str, dict[str, Any]] = {}

    def graph(self, frame: Frame, prefix: str) -> tuple[list[dict], list[dict]]:
        """Nodes and edges of one frame; records every node's traced shape and import facts
        under its expanded id (`enc1/conv1`)."""
        nodes: list[dict] = []
        edges: list[dict] = []
        for n in frame.nodes:
            node = {"id": n.id, "type": n.type, "params": self.params(n)}
            if n.frame is not None:
                node["params"] = {"block": self.block_for(n.frame, f"{prefix}{n.id}/")}
            nodes.append(node)
            full = f"{prefix}{n.id}"
            if n.type not in ("BlockInput", "BlockOutput"):
                self.traced[full] = n.shape
                facts: dict[str, Any] = {
                    "op": n.op,
                    "source": n.source,
                    "paramCount": n.param_count,
                    "unread": n.params.get("__unread__"),
                    "block": True if n.frame is not None else None,
                }
                self.meta[full] = {k: v for k, v in facts.items() if v is not None}
            for port, source in enumerate(n.inputs):
                edge: dict[str, Any] = {"source": source, "target": n.id}
                if len(n.inputs) > 1:
                    edge["port"] = port
                edges.append(edge)
        return nodes, edges

    @staticmethod
    def params(n: TracedNode) -> dict[str, Any]:
        params = {k: v for k, v in n.params.items() if k not in INFERRED and k != "__unread__"}
        if n.type == "UnsupportedOp":
            params["shape"] = n.shape
            if n.source:
                params["source"] = n.source
        return params

    def block_for(self, frame: Frame, prefix: str) -> str:
        nodes, edges = self.graph(frame, prefix)
        signature = json.dumps([frame.cls, nodes, edges], sort_keys=True)
        known = self.by_signature.get(signature)
        if known is not None:
            return known
        count = self.class_count.get(frame.cls, 0) + 1
        self.class_count[frame.cls] = count
        block_id = snake(frame.cls) if count == 1 else f"{snake(frame.cls)}_{count}"
        label = frame.cls if count == 1 else f"{frame.cls} ({count})"
        self.blocks[block_id] = {"label": label, "nodes": nodes, "edges": edges}
        self.by_signature[signature] = block_id
        return block_id


def build_document(root: Frame, name: str) -> dict[str, Any]:
    """The model-flow document for a traced root frame, plus what the verifier needs: every
    node's traced shape and where it came from, keyed by expanded id."""
    builder = DocumentBuilder()
    nodes, edges = builder.graph(root, "")
    doc: dict[str, Any] = {
        "format": "layerwise.model-flow",
        "version": 1,
        "name": name,
        "nodes": nodes,
        "edges": edges,
    }
    if builder.blocks:
        doc["blocks"] = builder.blocks
    return {"model": doc, "traced": builder.traced, "nodes": builder.meta}
