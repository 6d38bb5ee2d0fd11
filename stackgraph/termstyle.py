"""Styling on terminals: whether to use any (https://no-color.org: `NO_COLOR` set to anything but empty).

Rich alone reads `NO_COLOR` as "no colours" but still writes bold, dim and other attributes;
stackgraph turns every attribute off, as the convention asks. Every rich `Console` stackgraph
makes takes `console_style()`.
"""

from __future__ import annotations

import os
from typing import Any


def no_color() -> bool:
    """Whether `NO_COLOR` asks for no styling at all (any non-empty value)."""
    return bool(os.environ.get("NO_COLOR"))


def console_style() -> dict[str, Any]:
    """Keyword arguments of a rich `Console`: no colour system at all (no colour, bold or dim) under NO_COLOR."""
    return {"color_system": None} if no_color() else {}
