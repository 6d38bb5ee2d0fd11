"""Every silenced finding says why: a `noqa` (anywhere) or `type: ignore` (in the package, which mypy checks
strictly) carries a reason after its codes."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVE = re.compile(r"#\s*(noqa|type:\s*ignore)(?P<rest>.*)$")
CODES = re.compile(r"^(:\s*[A-Z]+[0-9]+(\s*,\s*[A-Z]+[0-9]+)*|\[[a-z-]+(,\s*[a-z-]+)*\])?")


def _unexplained() -> list[str]:
    found = []
    for folder in ("stackgraph", "tests", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "corpus" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                match = DIRECTIVE.search(line)
                if match is not None and match.group(1) != "noqa" and folder != "stackgraph":
                    continue  # tests and benchmarks are not type-checked: their ignores silence nothing
                if match is None or '"' in line[match.start() :] or "'" in line[: match.start()][-1:]:
                    continue
                reason = CODES.sub("", match.group("rest").strip(), count=1).strip(" -—:#")
                if len(reason) < 8:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_every_noqa_and_type_ignore_carries_a_reason() -> None:
    assert _unexplained() == []


def test_the_check_finds_a_bare_directive(tmp_path: Path) -> None:
    line = "import os  # noqa: PLC0415"
    match = DIRECTIVE.search(line)
    assert match is not None
    assert CODES.sub("", match.group("rest").strip(), count=1).strip(" -—:#") == ""
