"""The saved-plan bundle: `plan.json` (schema `stackgraph.saved-plan/v1`) and Pulumi's update plans.

Layout of a bundle folder DIR:

    DIR/plan.json                          what was previewed and approved (docs/deploying.md)
    DIR/stacks/<project>/<stack>.plan.json Pulumi's own update plan of each stack (`--save-plan`)

`read_bundle` checks the folder, the file and the schema and raises `UsageError` (exit 2)
with one line naming the file; `write_json` writes plan.json atomically with sorted keys
(the same preview gives the same bytes, but for `created` and the digests of what changed).
No secret is ever written: plan.json holds digests, names, URNs and counts; Pulumi writes
its plan files with secret values encrypted by the stack's secrets provider.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from stackgraph.errors import UsageError
from stackgraph.model import StackId, path_segment

SCHEMA = "stackgraph.saved-plan/v1"
PLAN_FILE = "plan.json"
_SCHEMA = re.compile(r"^stackgraph\.saved-plan/v(\d+)$")


def update_plan_path(sid: StackId) -> str:
    """The bundle-relative path of a stack's Pulumi update plan: `stacks/<project>/<stack>.plan.json`."""
    project, _, stack = sid.rpartition("/")
    return f"stacks/{path_segment(project)}/{path_segment(stack)}.plan.json"


def check_target(bundle: Path) -> None:
    """Refuse (UsageError) a --save-plan folder that cannot be written or holds something else."""
    if not bundle.parent.is_dir():
        raise UsageError(f"--save-plan {bundle}: the folder {bundle.parent} does not exist")
    if bundle.exists() and not bundle.is_dir():
        raise UsageError(f"--save-plan {bundle}: it is a file; name a folder for the saved plan")
    if bundle.is_dir() and any(bundle.iterdir()) and not (bundle / PLAN_FILE).is_file():
        raise UsageError(
            f"--save-plan {bundle}: the folder is not empty and holds no saved plan; name an empty or new folder"
        )


def read_bundle(bundle: Path) -> dict[str, Any]:
    """Read and check DIR/plan.json; raise UsageError (exit 2) naming the file and what is wrong."""
    path = bundle / PLAN_FILE
    if not bundle.is_dir():
        raise UsageError(f"--plan {bundle}: no such folder; give the folder `preview --save-plan` wrote")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: missing; this folder holds no saved plan (run preview --save-plan)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read: {exc}") from None
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"{path}: not valid JSON ({exc}); run preview --save-plan again") from None
    schema = doc.get("schema") if isinstance(doc, dict) else None
    found = _SCHEMA.match(schema) if isinstance(schema, str) else None
    if found is None:
        raise UsageError(f"{path}: not a saved plan (schema {schema!r}, expected {SCHEMA!r})")
    if int(found.group(1)) > 1:
        raise UsageError(f"{path}: schema {schema} is newer than this stackgraph reads ({SCHEMA}); upgrade stackgraph")
    if not isinstance(doc.get("stacks"), dict) or not isinstance(doc.get("order"), list):
        raise UsageError(f"{path}: incomplete saved plan (no stacks or order); run preview --save-plan again")
    checked: dict[str, Any] = doc
    return checked


def write_json(path: Path, doc: dict[str, Any]) -> None:
    """Write `doc` as indented JSON with sorted keys, atomically; raises OSError."""
    from stackgraph.run.history import write_atomic

    write_atomic(path, json.dumps(doc, indent=2, sort_keys=True) + "\n")
