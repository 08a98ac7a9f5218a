"""The importer's Python side against real torch: constructor arguments recovered exactly,
reshapes told apart, the trace of hand-written models, ONNX, and the user errors."""

import importlib.util
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto
from onnx import helper as h
from onnx import numpy_helper as nh
from torch import nn

from layerwise_trainer.importer.errors import UserInputError
from layerwise_trainer.importer.module_params import module_params
from layerwise_trainer.importer.onnx_import import import_onnx
from layerwise_trainer.importer.pytorch_import import import_pytorch
from layerwise_trainer.importer.reshapes import reshape_as_layer

MODELS = Path(__file__).parent / "import_models"

MODULES = [
    nn.Conv2d(3, 8, (3, 5), stride=2, padding=(1, 2), bias=False, padding_mode="reflect"),
    nn.Conv1d(4, 4, 3, padding="same", dilation=2, groups=2),
    nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1),
    nn.BatchNorm2d(16, eps=1e-3, momentum=0.01, affine=False),
    nn.BatchNorm1d(8, bias=False),
    nn.LayerNorm([4, 8], elementwise_affine=False),
    nn.GroupNorm(4, 16, eps=1e-6),
    nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True),
    nn.AvgPool2d(2, count_include_pad=False),
    nn.AdaptiveAvgPool2d((7, 5)),
    nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True),
    nn.Linear(16, 4, bias=False),
    nn.LeakyReLU(0.2),
    nn.GELU(approximate="tanh"),
    nn.Softmax(dim=1),
    nn.Dropout(0.3),
    nn.Flatten(2),
    nn.Unflatten(1, (4, 4)),
    nn.Embedding(10, 4, padding_idx=0),
    nn.MultiheadAttention(16, 4, add_bias_kv=True, batch_first=True),
    nn.TransformerEncoderLayer(16, 4, 32, dropout=0.0, activation="gelu", batch_first=True, norm_first=True),
    nn.PReLU(3, init=0.1),
    nn.ZeroPad2d((1, 0, 2, 1)),
    nn.ConstantPad1d((1, 2), 0.5),
    nn.LSTM(8, 16, num_layers=2, batch_first=True, bidirectional=True, proj_size=4),
    nn.RNN(4, 5, nonlinearity="relu", bias=False),
    nn.GRUCell(3, 4, bias=False),
    nn.TransformerDecoderLayer(16, 2, 64, dropout=0.2, batch_first=True),
    nn.Bilinear(3, 4, 5, bias=False),
    nn.RMSNorm(8, eps=1e-6),
    nn.LPPool2d(2, 3, stride=1),
    nn.LocalResponseNorm(3, alpha=1e-3),
]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: type(m).__name__)
def test_constructor_arguments_are_recovered_exactly(module):
    params, unread = module_params(module)
    assert unread == []
    # JSON has lists where torch keeps tuples (output_size, unflattened_size): same arguments.
    rebuilt = type(module)(**{k: tuple(v) if isinstance(v, list) else v for k, v in params.items()})
    assert repr(rebuilt) == repr(module)
    assert sum(p.numel() for p in rebuilt.parameters()) == sum(p.numel() for p in module.parameters())
    if isinstance(module, nn.MultiheadAttention):
        assert (rebuilt.bias_k is None) == (module.bias_k is None)


def test_transformer_stacks_flatten_their_layer():
    layer = nn.TransformerEncoderLayer(16, 4, 32, activation="gelu", batch_first=True)
    stack = nn.TransformerEncoder(layer, 3, norm=nn.LayerNorm(16), enable_nested_tensor=False)
    assert module_params(stack) == (
        {"d_model": 16, "nhead": 4, "dim_feedforward": 32, "activation": "gelu", "batch_first": True,
         "num_layers": 3, "norm": "LayerNorm", "enable_nested_tensor": False},
        [],
    )
    full = nn.Transformer(32, 4, 2, 1, 64, batch_first=True)
    assert module_params(full)[0] == {
        "d_model": 32, "nhead": 4, "num_encoder_layers": 2, "num_decoder_layers": 1,
        "dim_feedforward": 64, "activation": "relu", "batch_first": True,
    }


def test_defaults_are_left_out():
    assert module_params(nn.Conv2d(3, 8, 3))[0] == {"in_channels": 3, "out_channels": 8, "kernel_size": [3, 3]}
    assert module_params(nn.MaxPool2d(2, stride=2))[0] == {"kernel_size": 2}
    assert module_params(nn.ReLU(inplace=True))[0] == {}


@pytest.mark.parametrize(
    "before, after, expected",
    [
        ([2, 32, 1, 1], [2, 32], ("Flatten", {})),
        ([2, 3, 4, 5], [2, 60], ("Flatten", {})),
        ([2, 3, 4, 5], [2, 12, 5], ("Flatten", {"end_dim": 2})),
        ([2, 3, 4, 5], [2, 3, 20], ("Flatten", {"start_dim": 2})),
        ([2, 64], [2, 4, 4, 4], ("Unflatten", {"dim": 1, "unflattened_size": [4, 4, 4]})),
        ([2, 3, 4], [2, 4, 3], None),
        ([2, 3, 4], [6, 4], None),
    ],
)
def test_reshapes_as_layers(before, after, expected):
    assert reshape_as_layer(before, after) == expected


def test_unet_with_nested_repeated_blocks_and_a_pad_from_x_size():
    result = import_pytorch(str(MODELS / "unet_pad.py"), "UNet", {"base": 8}, [3, 37, 37], "float")
    assert result["device"] == "meta"
    doc = result["model"]
    assert [n["type"] for n in doc["nodes"]] == ["Input"] + ["Block"] * 5 + ["Conv2d"]
    blocks = doc["blocks"]
    up2 = {n["type"]: n for n in blocks["up_2"]["nodes"]}
    assert up2["ZeroPad2d"]["params"] == {"padding": [0, 1, 0, 1]}
    assert result["traced"][f"up2/{up2['ZeroPad2d']['id']}"] == [8, 37, 37]
    assert result["traced"]["outc"] == [2, 37, 37]
    assert blocks["down"]["nodes"][2] == {"id": "conv", "type": "Block", "params": {"block": "double_conv_2"}}
    spec = importlib.util.spec_from_file_location("unet_pad_check", MODELS / "unet_pad.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert result["totalParams"] == sum(p.numel() for p in module.UNet(base=8).parameters())


def test_unsupported_op_keeps_its_shape_and_source_line():
    result = import_pytorch(str(MODELS / "with_unsupported.py"), "Rolled", {}, [1, 16, 16], "float")
    roll = next(n for n in result["model"]["nodes"] if n["type"] == "UnsupportedOp")
    assert roll["params"] == {"op": "torch.roll", "shape": [4, 16, 16], "source": f"{MODELS / 'with_unsupported.py'}:16"}
    assert [e for e in result["model"]["edges"] if e["target"] == "head"] == [{"source": roll["id"], "target": "head"}]


@pytest.mark.parametrize(
    "file, cls, args, shape, message",
    [
        ("unet_pad.py", "Nope", {}, [3, 8, 8], "has no class Nope (nn.Module classes there: Broken, DoubleConv, Down, UNet, Up)"),
        ("unet_pad.py", "UNet", {"n_class": 1}, [3, 8, 8], "UNet(n_class=1) failed: TypeError"),
        ("unet_pad.py", "UNet", {}, [1, 37, 37], "UNet rejects an input of shape [1, 37, 37]: RuntimeError"),
        ("missing.py", "UNet", {}, [3, 8, 8], "no such file"),
    ],
)
def test_user_errors_are_one_line(file, cls, args, shape, message):
    with pytest.raises(UserInputError) as error:
        import_pytorch(str(MODELS / file), cls, args, shape, "float")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_onnx_maps_through_the_same_layers(tmp_path):
    rng = np.random.default_rng(0)
    w = lambda name, *shape: nh.from_array(rng.random(shape, dtype=np.float32), name)  # noqa: E731
    inits = [w("cw", 4, 3, 3, 3), w("s", 4), w("b", 4), w("m", 4), w("v", 4), w("gw", 3, 256), w("gb", 3)]
    nodes = [
        h.make_node("Conv", ["x", "cw"], ["c"], name="conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        h.make_node("BatchNormalization", ["c", "s", "b", "m", "v"], ["n"], name="bn", momentum=0.9),
        h.make_node("Relu", ["n"], ["r"], name="relu"),
        h.make_node("Flatten", ["r"], ["f"], name="flat"),
        h.make_node("Gemm", ["f", "gw", "gb"], ["y"], name="fc", transB=1),
    ]
    graph = h.make_graph(nodes, "g", [h.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
                         [h.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])], inits)
    path = tmp_path / "g.onnx"
    onnx.save(h.make_model(graph, opset_imports=[h.make_opsetid("", 17)], ir_version=8), path)
    result = import_onnx(str(path))
    types = [(n["type"], n["params"]) for n in result["model"]["nodes"]]
    assert types[1] == ("Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1, "stride": 1, "dilation": 1, "groups": 1, "bias": False})
    assert types[2] == ("BatchNorm2d", {"eps": 1e-05, "momentum": 0.1})
    assert [t for t, _ in types] == ["Input", "Conv2d", "BatchNorm2d", "ReLU", "Flatten", "Linear"]
    # Conv weight 108, BN affine 8 (running stats are buffers), Linear 768 + 3.
    assert result["totalParams"] == 108 + 8 + 771
    assert result["traced"]["fc"] == [3]


def test_onnx_file_that_is_not_onnx(tmp_path):
    path = tmp_path / "bad.onnx"
    path.write_bytes(b"not a model")
    with pytest.raises(UserInputError, match="is not a readable ONNX model"):
        import_onnx(str(path))
