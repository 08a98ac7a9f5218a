"""The importer's user errors: one line on stderr, exit code 2 (no torch needed to raise one)."""

from __future__ import annotations


class UserInputError(Exception):
    """A user error (bad file, missing class, bad arguments, rejected input): one line."""


def first_line(error: BaseException) -> str:
    """`RuntimeError: <first line of the message>`."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}".rstrip(": ")
