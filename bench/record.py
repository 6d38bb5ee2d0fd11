"""How the benchmarks record their figures: a dated section written at the top of a bench/RESULTS-*.md file."""

from __future__ import annotations

from pathlib import Path


def prepend(path: Path, head_text: str, section: str) -> None:
    """Write `section` into `path` right after its `head_text` (title and intro; made when the file is new), so
    the newest figures come first."""
    old = path.read_text() if path.exists() else head_text
    body = old[len(head_text) :] if old.startswith(head_text) else old
    path.write_text(head_text + section + body)
