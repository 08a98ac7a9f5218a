"""`python3 -m layerwise_trainer.datasets build <nuclei|shapes> --out <dir> [--force]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import BUILTINS, DatasetError, build, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m layerwise_trainer.datasets")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="generate a built-in dataset (kept when already there)")
    b.add_argument("dataset", choices=sorted(BUILTINS))
    b.add_argument("--out", required=True, type=Path)
    b.add_argument("--force", action="store_true", help="regenerate even when an intact copy exists")
    args = parser.parse_args(argv)
    try:
        manifest = build(args.dataset, args.out, force=args.force)
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
