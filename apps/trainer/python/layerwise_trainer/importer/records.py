"""What a trace records: nodes and frames (one frame per call of a user module). No torch
here, so the ONNX path runs without importing it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class TracedNode:
    id: str
    type: str
    params: dict[str, Any]
    inputs: list[str]
    shape: list[int] | None
    source: str | None = None
    op: str | None = None
    param_count: int = 0
    frame: "Frame | None" = None  # the callee of a Block node


@dataclass
class Frame:
    """One call of a user module: its own nodes, and which of its tensors each node made."""

    module: Any  # the nn.Module called (None for an ONNX graph)
    cls: str
    nodes: list[TracedNode] = field(default_factory=list)
    producers: dict[int, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    output: str | None = None
    # The caller's producers of this call's tensor arguments (None: a tensor it did not make).
    parent_inputs: list[str | None] = field(default_factory=list)

    def fresh(self, base: str) -> str:
        name, k = base, 1
        while name in self.names:
            name, k = f"{base}_{k}", k + 1
        self.names.add(name)
        return name
