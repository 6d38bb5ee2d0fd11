"""Stack files no project reads reach every command's output: a warning on stderr, a `skipped` entry in
`scan -f json`, a `skipped:` line of `scan`, the count of skipped files elsewhere; `plan` of a folder whose
only project is a template says so."""

from __future__ import annotations

import json
from pathlib import Path

from stackgraph.discovery.unread import NO_PROJECT
from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

ORPHAN = "svc/Pulumi.dev.yaml"
ORPHAN_WARNING = (
    f"stackgraph: warning: {ORPHAN}: {NO_PROJECT}; move it beside its project's Pulumi.yaml, "
    "or point that project's stackConfigDir at its folder\n"
)
STRAY = "cfgd/Pulumi.stray.yaml"
STRAY_DETAIL = "beside a project whose stackConfigDir is config/: Pulumi does not read it"
SPEC = {
    "net/Pulumi.yaml": project("net"),
    "net/Pulumi.dev.yaml": stack(),
    ORPHAN: stack(),
    "cfgd/Pulumi.yaml": project("cfgd", runtime="python", stackConfigDir="config/"),
    "cfgd/config/Pulumi.prod.yaml": stack(),
    STRAY: stack(),
    "net/pulumi.prod.yaml": stack(),
}
STRAY_WARNING = f"stackgraph: warning: {STRAY}: {STRAY_DETAIL}; move it into config/ or delete it\n"


def test_a_lone_stack_file_is_no_longer_a_silent_empty_scan(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {ORPHAN: stack()})
    out = cli("scan", root)
    assert (out.code, out.stderr) == (0, ORPHAN_WARNING)
    assert f"skipped: {ORPHAN}: no project ({NO_PROJECT})" in out.stdout.splitlines()
    out = cli("scan", root, "-f", "json")
    assert (out.code, out.stderr) == (0, ORPHAN_WARNING)
    assert json.loads(out.stdout)["skipped"] == [{"file": ORPHAN, "reason": "no-project", "detail": NO_PROJECT}]


def test_scan_json_lists_each_unread_file_and_warns_on_stderr(tmp_path: Path) -> None:
    root = write_repo(tmp_path, SPEC)
    out = cli("scan", root, "-f", "json")
    assert (out.code, out.stderr) == (0, ORPHAN_WARNING + STRAY_WARNING)
    doc = json.loads(out.stdout)
    assert [s["id"] for s in doc["stacks"]] == ["cfgd/prod", "net/dev"]
    assert doc["skipped"] == [
        {"file": STRAY, "reason": "outside-config-dir", "detail": STRAY_DETAIL},
        {
            "file": "net/pulumi.prod.yaml",
            "reason": "misnamed",
            "detail": "looks like a Pulumi stack file but the name is not `Pulumi.<stack>.yaml`: "
            "Pulumi does not read it; rename it",
        },
        {"file": ORPHAN, "reason": "no-project", "detail": NO_PROJECT},
    ]
    assert [(d["code"], d["file"]) for d in doc["diagnostics"]] == [
        ("no-project", ORPHAN),
        ("outside-config-dir", STRAY),
    ]


def test_plan_warns_and_counts_them_as_other_skipped_files(tmp_path: Path) -> None:
    root = write_repo(tmp_path, SPEC)
    out = cli("plan", root, "-f", "text")
    assert out.code == 0
    assert out.stderr == (
        ORPHAN_WARNING
        + STRAY_WARNING
        + "stackgraph: warning: 3 files skipped (misnamed: 1, no project: 1, outside stackConfigDir: 1); "
        "--verbose lists them\n"
    )


def test_the_warnings_can_be_silenced_by_their_codes(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {**SPEC, "stackgraph.yaml": {"silence": ["no-project", "outside-config-dir"]}})
    out = cli("plan", root, "-f", "text")
    assert (out.code, out.stderr) == (
        0,
        "stackgraph: warning: 3 files skipped (misnamed: 1, no project: 1, outside stackConfigDir: 1); "
        "--verbose lists them\n",
    )


def test_plan_of_a_folder_whose_only_project_is_a_template_says_so(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path, {"tpl/Pulumi.yaml": "name: ${PROJECT}\nruntime: yaml\n", "tpl/Pulumi.dev.yaml": stack()}
    )
    out = cli("plan", root)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        "stackgraph: warning: 2 files skipped (template: 2); --verbose lists them\n"
        f"stackgraph: error: {root}: no project below this folder; 1 project file skipped (template): "
        "tpl/Pulumi.yaml; pass the folder that holds your projects\n"
    )
    out = cli("scan", root, "-f", "json")
    assert json.loads(out.stdout)["skipped"] == [
        {"file": "tpl/Pulumi.dev.yaml", "reason": "template", "detail": "in a template project"},
        {"file": "tpl/Pulumi.yaml", "reason": "template", "detail": "its name is a placeholder"},
    ]


def test_plan_names_the_first_skipped_project_files_and_counts_them_by_reason(tmp_path: Path) -> None:
    tpl = "name: ${PROJECT}\nruntime: yaml\n"
    spec = {f"t{i}/Pulumi.yaml": tpl for i in range(4)}
    root = write_repo(tmp_path, {**spec, ".gitignore": "gen/\n", "gen/Pulumi.yaml": project("gen")})
    out = cli("plan", root)
    assert out.code == 2
    assert out.stderr.splitlines()[-1] == (
        f"stackgraph: error: {root}: no project below this folder; 5 project files skipped (ignored by .gitignore: 1, "
        "template: 4): gen/Pulumi.yaml, t0/Pulumi.yaml, t1/Pulumi.yaml and 2 more; "
        "pass the folder that holds your projects"
    )
