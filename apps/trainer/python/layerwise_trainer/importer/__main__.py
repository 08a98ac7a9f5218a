"""`python3 -m layerwise_trainer.importer FILE [--class NAME] [--args JSON] [--input C,H,W]`

Writes one JSON object on stdout: `{"model": <model-flow document>, "traced": {id: shape},
"nodes": {id: {op, source, paramCount}}, "totalParams": n, "output": id}`. A user error (bad
file, missing class, wrong arguments, an input the model rejects) is one line on stderr and
exit code 2. `graph-core import` runs this and proves the result against graph-core.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import warnings

from .errors import UserInputError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other user error
        sys.stderr.write(f"import: {message}\n")
        sys.exit(2)


def parse_shape(text: str) -> list[int]:
    try:
        shape = [int(p) for p in text.replace("x", ",").split(",") if p.strip()]
    except ValueError:
        shape = []
    if not shape or any(d <= 0 for d in shape):
        raise ValueError(f"--input must be positive integers like 3,256,256 (got {text!r})")
    return shape


def check_source(path: str) -> None:
    """A missing file or a syntax error is told before torch is even imported."""
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except OSError as error:
        raise UserInputError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        compile(source, path, "exec")
    except SyntaxError as error:
        raise UserInputError(f"{path}:{error.lineno}: SyntaxError: {error.msg}") from error


def run(argv: list[str]) -> dict:
    parser = _Parser(prog="layerwise_trainer.importer")
    parser.add_argument("file")
    parser.add_argument("--class", dest="cls")
    parser.add_argument("--args", default="{}")
    parser.add_argument("--input")
    parser.add_argument("--dtype", choices=["float", "long"], default="float")
    ns = parser.parse_args(argv)
    if ns.file.lower().endswith(".onnx"):
        from .onnx_import import import_onnx

        return import_onnx(ns.file)
    if not ns.file.lower().endswith(".py"):
        raise UserInputError(f"{ns.file}: expected a .py or .onnx file")
    check_source(ns.file)
    if not ns.cls:
        raise UserInputError("a .py model needs --class NAME (the nn.Module to import)")
    if not ns.input:
        raise UserInputError("a .py model needs --input C,H,W (one sample's shape, without the batch)")
    try:
        args = json.loads(ns.args)
    except json.JSONDecodeError as error:
        raise UserInputError(f"--args is not JSON: {error.msg} (column {error.colno})") from error
    if not isinstance(args, dict):
        raise UserInputError('--args must be a JSON object of constructor arguments, e.g. {"n_classes": 1}')
    try:
        shape = parse_shape(ns.input)
    except ValueError as error:
        raise UserInputError(str(error)) from error
    from .pytorch_import import import_pytorch

    return import_pytorch(ns.file, ns.cls, args, shape, ns.dtype)


def main(argv: list[str]) -> int:
    try:
        # The model's own prints must not end up inside the JSON answer.
        with contextlib.redirect_stdout(sys.stderr), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = run(argv)
    except UserInputError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
