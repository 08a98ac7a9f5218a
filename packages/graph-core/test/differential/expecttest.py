"""A stand-in for the `expecttest` package, which torch's test suite imports but this check never
uses (it only reads `torch.testing._internal.common_modules.module_db`): just enough for that
import to succeed without installing torch's test dependencies."""

import unittest


class TestCase(unittest.TestCase):
    """expecttest.TestCase adds assertExpectedInline; nothing here calls it."""
