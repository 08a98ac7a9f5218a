"""Reshapes as layers: which view/reshape a Flatten or an Unflatten expresses (no torch here,
the ONNX path uses it too)."""

from __future__ import annotations

from typing import Any

TMapped = tuple[str, dict[str, Any]] | None


def _prod(dims: list[int]) -> int:
    out = 1
    for d in dims:
        out *= d
    return out


def reshape_as_layer(before: list[int], after: list[int]) -> TMapped:
    """A view/reshape (shapes with batch) as Flatten (a run of dims merged) or Unflatten (one
    dim split), the two reshapes a graph can express; anything else has no layer."""
    if not before or not after or before[0] != after[0]:
        return None
    if before == after:
        return "Identity", {}
    rank = len(before)
    # Widest merge first: x.view(x.size(0), -1) is Flatten() even when trailing dims are 1.
    for start in range(1, rank):
        for end in range(rank - 1, start, -1):
            merged = before[:start] + [_prod(before[start : end + 1])] + before[end + 1 :]
            if merged == after:
                params: dict[str, Any] = {}
                if start != 1:
                    params["start_dim"] = start
                if end != rank - 1:
                    params["end_dim"] = end
                return "Flatten", params
    extra = len(after) - rank
    for dim in range(1, rank):
        sizes = after[dim : dim + extra + 1]
        if extra >= 1 and after == before[:dim] + sizes + before[dim + 1 :]:
            return "Unflatten", {"dim": dim, "unflattened_size": sizes}
    return None
