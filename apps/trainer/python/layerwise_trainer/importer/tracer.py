"""Runs a model once on a concrete input and records the graph it computes.

Why a recording run instead of `torch.fx.symbolic_trace` or `torch.export`: symbolic tracing
stops at the first Python branch on a shape (`if x.size(2) != skip.size(2): x = F.pad(…)`, the
way most U-Net decoders match their skips), and `torch.export` lowers every module to ATen ops,
so `nn.Conv2d(…)` and its constructor arguments would have to be guessed back from
`aten.convolution`. Running the model with module hooks plus a TorchFunctionMode sees the real
control flow, the real modules (arguments read from their attributes) and every functional call
between them, with the concrete shape of every tensor. The run happens on the `meta` device when
the model allows it, so even a 512×512 U-Net costs no arithmetic.

Each call of one of the user's own nn.Module classes becomes a frame (a candidate Block); torch's
containers (Sequential, ModuleList, ModuleDict) are transparent; every other torch.nn module is a
leaf, recorded as one node whose internals are not looked at.
"""

from __future__ import annotations

import os
import traceback
from typing import Any

import torch
from torch import nn
from torch.overrides import TorchFunctionMode

from .functional import PASSTHROUGH, map_call, op_name
from .module_params import module_params, param_count
from .records import Frame, TracedNode

CONTAINERS = (nn.Sequential, nn.ModuleList, nn.ModuleDict)


def is_user_module(module: nn.Module) -> bool:
    """Defined outside torch.nn (the model's own classes, torchvision's blocks…)."""
    return not type(module).__module__.startswith("torch.nn")


def tensors_in(value: Any) -> list[torch.Tensor]:
    """The tensors in an argument structure, in order."""
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in tensors_in(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in tensors_in(v)]
    return []


def node_base(name: str, kind: str) -> str:
    """An id for a functional node: `cat`, `add`, `pad`, `relu` (what the code called)."""
    if kind in ("Add", "Multiply", "Concat"):
        return kind.lower()
    return name.strip("_") or kind.lower()


def batchless(t: torch.Tensor) -> list[int]:
    return [int(d) for d in t.shape[1:]]


class Recorder(TorchFunctionMode):
    """Records one forward pass into frames; see the module docstring."""

    def __init__(self, model: nn.Module, user_file: str, display_file: str) -> None:
        super().__init__()
        self.user_file = os.path.realpath(user_file)
        self.display_file = display_file
        self.root = Frame(model, type(model).__name__)
        self.stack: list[Frame] = [self.root]
        self.paths = {id(m): name for name, m in model.named_modules()}
        self.leaf_depth = 0
        self.keep_alive: list[Any] = []
        self.handles: list[Any] = []
        for module in model.modules():
            if module is model or isinstance(module, CONTAINERS):
                continue
            self.handles.append(module.register_forward_pre_hook(self._pre, with_kwargs=True))
            self.handles.append(
                module.register_forward_hook(self._post, with_kwargs=True, always_call=True)
            )

    # ── frames and naming ──────────────────────────────────────────────────────────────
    @property
    def frame(self) -> Frame:
        return self.stack[-1]

    def local_path(self, module: nn.Module) -> str:
        """The module's attribute path relative to the current frame's module, as an id."""
        path = self.paths.get(id(module), type(module).__name__.lower())
        base = self.paths.get(id(self.frame.module), "")
        if base and path.startswith(base + "."):
            path = path[len(base) + 1 :]
        return path.replace(".", "_")

    def source(self) -> str | None:
        for entry in reversed(traceback.extract_stack()):
            if os.path.realpath(entry.filename) == self.user_file:
                return f"{self.display_file}:{entry.lineno}"
        return None

    def producers_of(self, values: Any) -> list[str | None]:
        return [self.frame.producers.get(id(t)) for t in tensors_in(values)]

    def bind(self, tensor: torch.Tensor, node_id: str) -> None:
        self.keep_alive.append(tensor)  # ids must not be reused while the run lasts
        self.frame.producers[id(tensor)] = node_id

    def add(self, node: TracedNode, outputs: list[torch.Tensor]) -> None:
        self.frame.nodes.append(node)
        for t in outputs:
            self.bind(t, node.id)

    def start(self, inputs: list[torch.Tensor]) -> None:
        for k, t in enumerate(inputs):
            node_id = self.root.fresh("input" if k == 0 else f"input_{k}")
            params: dict[str, Any] = {"shape": batchless(t)}
            if t.dtype == torch.long:
                params["dtype"] = "long"  # token ids for an Embedding
            self.add(TracedNode(node_id, "Input", params, [], batchless(t)), [t])

    # ── module hooks ───────────────────────────────────────────────────────────────────
    def _pre(self, module: nn.Module, args: tuple, kwargs: dict) -> None:
        if self.leaf_depth > 0 or not is_user_module(module):
            self.leaf_depth += 1  # a torch.nn leaf, or anything running inside one
            return
        frame = Frame(module, type(module).__name__)
        frame.parent_inputs = self.producers_of((args, kwargs))
        self.stack.append(frame)
        for k, t in enumerate(tensors_in((args, kwargs))):
            node_id = frame.fresh("in" if k == 0 else f"in_{k}")
            params = {} if k == 0 else {"port": k}
            self.add(TracedNode(node_id, "BlockInput", params, [], batchless(t)), [t])

    def _post(self, module: nn.Module, args: tuple, kwargs: dict, output: Any) -> None:
        if self.leaf_depth > 0:
            self.leaf_depth -= 1
            if self.leaf_depth == 0:
                self._leaf(module, args, kwargs, output)
            return
        frame = self.stack.pop()
        self._close_frame(module, frame, output)

    def _leaf(self, module: nn.Module, args: tuple, kwargs: dict, output: Any) -> None:
        outputs = tensors_in(output)
        inputs = [p for p in self.producers_of((args, kwargs)) if p is not None]
        if not outputs:
            return
        params, unread = module_params(module)
        node = TracedNode(
            self.frame.fresh(self.local_path(module)),
            type(module).__name__,
            params,
            inputs,
            batchless(outputs[0]),
            source=self.source(),
            op=f"nn.{type(module).__name__}",
            param_count=param_count(module),
        )
        if unread:
            node.params["__unread__"] = unread
        # A multi-output layer (LSTM's (output, (h, c))) exposes the tensor a model uses next.
        self.add(node, outputs[:1])

    def _close_frame(self, module: nn.Module, frame: Frame, output: Any) -> None:
        outputs = tensors_in(output)
        produced = [frame.producers.get(id(t)) for t in outputs]
        parent = self.frame
        parent_inputs = [p for p in frame.parent_inputs if p is not None]
        complete = len(parent_inputs) == len(frame.parent_inputs)
        if len(outputs) == 1 and produced[0] is not None and complete and frame.nodes:
            out_id = frame.fresh("out")
            frame.nodes.append(TracedNode(out_id, "BlockOutput", {}, [produced[0]], batchless(outputs[0])))
            frame.output = out_id
            node = TracedNode(
                parent.fresh(self.local_path(module)),
                "Block",
                {},
                parent_inputs,
                batchless(outputs[0]),
                source=self.source(),
                frame=frame,
            )
            self.add(node, outputs)
            return
        self._inline(module, frame, outputs, produced)

    def _inline(self, module: nn.Module, frame: Frame, outputs: list, produced: list) -> None:
        """A user module that cannot be a Block (several outputs, an input the graph does not
        know): its nodes join the caller's graph under the module's name."""
        parent = self.frame
        prefix = self.local_path(module)
        rename: dict[str, str | None] = {}
        inputs = iter(frame.parent_inputs)
        for node in frame.nodes:
            if node.type == "BlockInput":
                rename[node.id] = next(inputs, None)
                continue
            new_id = parent.fresh(f"{prefix}_{node.id}")
            rename[node.id] = new_id
            node.inputs = [rename[i] for i in node.inputs if rename.get(i) is not None]  # type: ignore[misc]
            node.id = new_id
            parent.nodes.append(node)
        for t, p in zip(outputs, produced):
            if p is not None and rename.get(p) is not None:
                self.bind(t, rename[p])  # type: ignore[arg-type]

    # ── functional calls and tensor methods ────────────────────────────────────────────
    def __torch_function__(self, func: Any, types: Any, args: tuple = (), kwargs: dict | None = None) -> Any:
        kwargs = kwargs or {}
        if self.leaf_depth > 0:
            return func(*args, **kwargs)
        before = self.producers_of((args, kwargs))
        result = func(*args, **kwargs)
        outputs = tensors_in(result)
        if not outputs or all(p is None for p in before):
            return result
        self._call(func, args, kwargs, before, outputs)
        return result

    def _call(self, func: Any, args: tuple, kwargs: dict, before: list, outputs: list) -> None:
        name = getattr(func, "__name__", "")
        inputs = [p for p in before if p is not None]
        tensors = tensors_in((args, kwargs))
        if name in PASSTHROUGH and len(outputs) == 1 and len(inputs) == 1:
            self.bind(outputs[0], inputs[0])
            return
        mapped = None
        if len(outputs) == 1 and len(inputs) == len(before):
            ranks = [t.dim() for t in tensors]
            mapped = map_call(name, args, kwargs, ranks, list(outputs[0].shape))
        if mapped is not None:
            kind, params = mapped
            node = TracedNode(
                self.frame.fresh(node_base(name, kind)), kind, params, inputs, batchless(outputs[0]),
                source=self.source(), op=op_name(func),
            )
            self.add(node, outputs)
            return
        op = op_name(func)
        for k, t in enumerate(outputs):
            label = op if len(outputs) == 1 else f"{op} (output {k})"
            base = op.split(".")[-1].strip("_") or "op"
            node = TracedNode(
                self.frame.fresh(base), "UnsupportedOp", {"op": label}, inputs,
                batchless(t), source=self.source(), op=label,
            )
            self.add(node, [t])

    def close(self) -> None:
        for handle in self.handles:
            handle.remove()
