"""A stack file that imports ESC environments (`environment:`) may get other stacks' outputs through
`fn::open::pulumi-stacks` in an environment's definition, which lives in Pulumi Cloud: a dependency the scan
cannot see. An info on the `environment` line of each such stack file says so, naming the environments (never a
config value), and how to declare the edge."""

from __future__ import annotations

import json
from pathlib import Path

from stackgraph.discovery.scan import scan
from stackgraph.model import Severity
from tests.helpers.clirun import cli as run_cli
from tests.helpers.repo_builder import project, write_repo

SECRET = "AAAAsecretvalue1234"
FILES = {
    "net/Pulumi.yaml": project("net"),
    "net/Pulumi.dev.yaml": "config: {}\n",
    "app/Pulumi.yaml": project("app"),
    "app/Pulumi.dev.yaml": f"config:\n  app:token:\n    secure: {SECRET}\nenvironment:\n  - myorg/net-outputs\n"
    "  - common: {merge: false}\n",
    "app/Pulumi.prod.yaml": "environment:\n  imports: [myorg/prod-outputs]\n",
}
NOTE = (
    "imports ESC environment(s) {}; stack outputs an environment opens (fn::open::pulumi-stacks) are "
    "dependencies stackgraph cannot see: declare them with stackgraph:dependsOn"
)


def test_each_stack_file_importing_environments_gets_an_info_on_its_environment_line(tmp_path: Path) -> None:
    repo = scan(write_repo(tmp_path / "repo", FILES))
    got = [(d.severity, d.file, d.line, d.message) for d in repo.diagnostics if d.code == "esc-environment"]
    assert got == [
        (Severity.INFO, "app/Pulumi.dev.yaml", 4, NOTE.format("myorg/net-outputs, common")),
        (Severity.INFO, "app/Pulumi.prod.yaml", 1, NOTE.format("myorg/prod-outputs")),
    ]


def test_scan_lists_it_plan_json_holds_it_and_no_secret_is_said(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    scanned = run_cli("scan", str(root))
    assert f"info: app/Pulumi.dev.yaml:4: {NOTE.format('myorg/net-outputs, common')}" in scanned.stdout
    planned = run_cli("plan", str(root), "-f", "json")
    codes = [d["code"] for d in json.loads(planned.stdout)["diagnostics"]]
    assert codes.count("esc-environment") == 2
    for result in (scanned, planned, run_cli("plan", str(root)), run_cli("check", str(root))):
        assert SECRET not in result.stdout + result.stderr
    assert "esc-environment" not in run_cli("plan", str(root)).stderr  # an info: plan prints warnings only
