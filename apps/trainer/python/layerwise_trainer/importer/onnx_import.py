"""Imports an ONNX file through the same mapping as a traced PyTorch model.

ONNX keeps no module structure, so the graph comes out flat (no Blocks). Shapes come from
ONNX's shape inference on the file's own input shape; parameters are the float initializers a
node takes as weights (BatchNormalization's running statistics are buffers, Resize's scales a
setting), counted for
every node that uses them: exporters merge initializers that happen to be equal (two zero
biases), so the file cannot tell a shared weight from two equal ones.
"""

from __future__ import annotations

import os
import re
from typing import Any

from .document import build_document
from .onnx_ops import MAPPERS, OnnxNode
from .errors import UserInputError, first_line
from .records import Frame, TracedNode

PASSTHROUGH = frozenset({"Identity", "Cast", "Contiguous"})
# Ops whose result describes a tensor instead of being one: their values become constants.
SHAPE_OPS = frozenset({"Shape", "Size"})
FLOAT_TYPES = frozenset({1, 10, 11, 16})  # FLOAT, FLOAT16, DOUBLE, BFLOAT16
# Which inputs hold trained weights; other float inputs (Resize scales, Pad values, Clip bounds)
# are settings. An op not listed here counts every float initializer it takes.
WEIGHT_INPUTS: dict[str, tuple[int, ...]] = {
    "Conv": (1, 2), "ConvTranspose": (1, 2), "Gemm": (1, 2), "MatMul": (1,),
    "BatchNormalization": (1, 2), "InstanceNormalization": (1, 2), "LayerNormalization": (1, 2),
    "GroupNormalization": (1, 2), "PRelu": (1,), "Add": (0, 1), "Mul": (0, 1),
}
SETTINGS_ONLY = frozenset({"Resize", "Upsample", "Pad", "Clip", "Reshape", "Dropout", "Expand", "Tile"})


def _load(path: str) -> Any:
    import onnx

    if not os.path.isfile(path):
        raise UserInputError(f"cannot read {path}: no such file")
    try:
        model = onnx.load(path)
        return onnx.shape_inference.infer_shapes(model)
    except Exception as error:
        raise UserInputError(f"{path} is not a readable ONNX model: {first_line(error)}") from error


def _run(path: str, model: Any) -> dict[str, Any]:
    """Every value of the graph, computed by onnxruntime on zero inputs: concrete shapes for all
    tensors and the numbers behind shape arithmetic (`F.pad` amounts taken from `x.size()`)."""
    import numpy as np
    import onnx
    import onnxruntime

    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    known = {o.name for o in copy.graph.output}
    for node in copy.graph.node:
        for name in node.output:
            if name and name not in known:
                copy.graph.output.append(onnx.ValueInfoProto(name=name))
                known.add(name)
    inits = {i.name for i in copy.graph.initializer}
    feeds = {}
    for value in copy.graph.input:
        if value.name in inits:
            continue
        tensor = value.type.tensor_type
        dims = [d.dim_value if d.HasField("dim_value") and d.dim_value > 0 else 1 for d in tensor.shape.dim]
        dtype = onnx.helper.tensor_dtype_to_np_dtype(tensor.elem_type)
        feeds[value.name] = np.zeros(dims, dtype=dtype)
    try:
        session = onnxruntime.InferenceSession(copy.SerializeToString(), providers=["CPUExecutionProvider"])
        names = [o.name for o in session.get_outputs()]
        return dict(zip(names, session.run(names, feeds)))
    except Exception as error:
        raise UserInputError(f"{path} does not run in onnxruntime: {first_line(error)}") from error


def _shapes(graph: Any) -> dict[str, list[int] | None]:
    shapes: dict[str, list[int] | None] = {}
    for info in [*graph.input, *graph.value_info, *graph.output]:
        dims = info.type.tensor_type.shape.dim
        values = [d.dim_value if d.HasField("dim_value") else None for d in dims]
        shapes[info.name] = None if None in values or not info.type.tensor_type.HasField("shape") else values
    return shapes


def _ident(text: str, fallback: str) -> str:
    ident = re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_")
    return ident or fallback


class _OnnxReader:
    def __init__(self, path: str, model: Any) -> None:
        from onnx import numpy_helper

        self.path = path
        self.graph = model.graph
        self.values = _run(path, model)
        self.shapes = _shapes(model.graph)
        for name, value in self.values.items():
            self.shapes[name] = [int(d) for d in value.shape]
        self.consts = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
        self.float_inits = {i.name: int(i.dims and _numel(i.dims)) for i in model.graph.initializer if i.data_type in FLOAT_TYPES}
        self.frame = Frame(module=None, cls="onnx")  # type: ignore[arg-type]
        self.data: dict[str, str] = {}  # value name → producing node id
        self.total = 0

    def batchless(self, name: str) -> list[int] | None:
        shape = self.shapes.get(name)
        return None if shape is None else shape[1:]

    def inputs(self) -> None:
        for k, value in enumerate(v for v in self.graph.input if v.name not in self.consts):
            shape = self.shapes.get(value.name)
            if shape is None or len(shape) < 2:
                raise UserInputError(f"{self.path}: input {value.name} needs a fixed shape with a batch dimension")
            node_id = self.frame.fresh("input" if k == 0 else f"input_{k}")
            self.frame.nodes.append(TracedNode(node_id, "Input", {"shape": shape[1:]}, [], shape[1:]))
            self.data[value.name] = node_id

    def params_of(self, node: Any) -> int:
        if node.op_type in SETTINGS_ONLY:
            return 0
        weights = WEIGHT_INPUTS.get(node.op_type)
        total = 0
        for k, name in enumerate(node.input):
            if (weights is None or k in weights) and name in self.float_inits:
                total += self.float_inits[name]
        self.total += total
        return total

    def node(self, node: Any) -> None:
        from onnx import helper, numpy_helper

        if node.op_type == "Constant":
            for attr in node.attribute:
                if attr.name == "value":
                    self.consts[node.output[0]] = numpy_helper.to_array(attr.t)
            return
        data_inputs = [self.data[i] for i in node.input if i in self.data]
        if not data_inputs or node.op_type in SHAPE_OPS:
            # Shape arithmetic: nothing the graph computes, but its numbers feed Pad, Reshape…
            for name in node.output:
                if name in self.values:
                    self.consts[name] = self.values[name]
            # Exporters route weights through Identity: the copy is still that parameter.
            if node.op_type == "Identity" and node.input[0] in self.float_inits:
                self.float_inits[node.output[0]] = self.float_inits[node.input[0]]
            return
        if node.op_type in PASSTHROUGH and len(data_inputs) == 1:
            self.data[node.output[0]] = data_inputs[0]
            return
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        first = next(i for i in node.input if i in self.data)
        view = OnnxNode(node.op_type, attrs, list(node.input), self.consts, self.shapes.get(first), self.shapes.get(node.output[0]))
        mapper = MAPPERS.get(node.op_type)
        mapped = mapper(view) if mapper is not None else None
        if mapped is not None and node.op_type in ("Add", "Mul") and len(data_inputs) != 2:
            mapped = None  # an operand is a constant: no graph op adds a fixed tensor
        source = f"{os.path.basename(self.path)} node {node.name or node.output[0]}"
        count = self.params_of(node)
        node_id = self.frame.fresh(_ident(node.name or node.output[0], node.op_type.lower()))
        if mapped is None:
            traced = TracedNode(node_id, "UnsupportedOp", {"op": f"onnx::{node.op_type}"}, data_inputs,
                                self.batchless(node.output[0]), source=source, op=f"onnx::{node.op_type}", param_count=count)
            if count:
                traced.params["param_count"] = count
        else:
            kind, params = mapped
            traced = TracedNode(node_id, kind, params, data_inputs, self.batchless(node.output[0]),
                                source=source, op=f"onnx::{node.op_type}", param_count=count)
        self.frame.nodes.append(traced)
        self.data[node.output[0]] = node_id


def _numel(dims: Any) -> int:
    total = 1
    for d in dims:
        total *= int(d)
    return total


def import_onnx(path: str) -> dict:
    """The document and proof data for an ONNX file (see the module docstring)."""
    reader = _OnnxReader(path, _load(path))
    reader.inputs()
    for node in reader.graph.node:
        reader.node(node)
    outputs = [o.name for o in reader.graph.output if o.name in reader.data]
    if not outputs:
        raise UserInputError(f"{path}: no graph output is computed from its inputs")
    name = reader.graph.name or os.path.splitext(os.path.basename(path))[0]
    result = build_document(reader.frame, _ident(name, "model"))
    result["output"] = reader.data[outputs[0]]
    result["totalParams"] = reader.total
    result["paramsFrom"] = "the ONNX file"
    return result
