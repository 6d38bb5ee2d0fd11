"""Is a committed pipeline still the one the graph gives? A unified diff when it is not.

Raises `InputError` (exit 2) when the file is missing, is not YAML, or is not a pipeline of the
system asked for; a stale pipeline is not an error but a diff (the caller exits 1).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml

from stackgraph.ci.model import System
from stackgraph.errors import InputError


def stale_diff(system: System, generated: str, file: Path, regenerate: str) -> str:
    """Return '' when `file` holds exactly `generated`, else a unified diff from the file to it."""
    committed = _read(file, regenerate)
    _check_kind(system, committed, file)
    if committed == generated:
        return ""
    lines = difflib.unified_diff(
        committed.splitlines(keepends=True),
        generated.splitlines(keepends=True),
        fromfile=f"{file} (committed)",
        tofile=f"{file} (from the graph)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _read(file: Path, regenerate: str) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"no such file; write it with `{regenerate} -o {file}`", file=str(file)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read it ({exc}); name the committed pipeline file", file=str(file)) from None


def _check_kind(system: System, text: str, file: Path) -> None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            f"not YAML, so not a {system.value} pipeline; name the pipeline file", file=str(file), line=line
        ) from None
    if not _is_pipeline(system, data):
        raise InputError(f"not a {_WHAT[system]}; name the file `stackgraph ci {system.value}` wrote", file=str(file))


_WHAT = {
    System.GITHUB: "GitHub Actions workflow (no 'jobs' mapping)",
    System.GITLAB: "GitLab CI pipeline (no job with a 'script' or 'trigger')",
    System.ARGO: "Argo Workflow or WorkflowTemplate (apiVersion argoproj.io/...)",
}


def _is_pipeline(system: System, data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    if system is System.GITHUB:
        return isinstance(data.get("jobs"), dict)
    if system is System.GITLAB:
        return any(isinstance(v, dict) and ("script" in v or "trigger" in v) for v in data.values())
    return str(data.get("apiVersion", "")).startswith("argoproj.io/") and data.get("kind") in (
        "Workflow",
        "WorkflowTemplate",
    )
