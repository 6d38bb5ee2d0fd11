"""What the tests need from the machine, and the one rule for when it is missing.

In CI (`CI` set to true, 1 or yes, any case) a missing tool FAILS the test: a CI job that skips
its browser, Graphviz or engine tests would pass without testing them. Elsewhere the test skips,
with a one-line reason that says how to install the tool.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """Whether the tests run in CI: `CI` is true, 1 or yes."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def missing(reason: str) -> NoReturn:
    """A tool the test needs is missing: fail in CI, skip elsewhere (`reason` says what and how to install it)."""
    if in_ci():
        pytest.fail(f"required in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def dot() -> str:
    """The path of Graphviz's `dot`; see `missing` when it is not installed."""
    found = shutil.which("dot")
    if found is None:
        missing("Graphviz's dot is missing (scripts/setup installs it)")
    return found
