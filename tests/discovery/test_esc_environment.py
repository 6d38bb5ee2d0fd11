"""A stack file that imports ESC environments (`environment:`) may get other stacks' outputs through
`fn::open::pulumi-stacks` in an environment's definition, which lives in Pulumi Cloud: a dependency the scan
cannot see. One info per environment says so, on the `environment` line of the first stack file importing it, with
how many others do (never a config value), and how to declare the edge: an estate whose every stack imports a shared
environment gets one line, not one per stack file."""

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
    "net/Pulumi.prod.yaml": "config: {}\nenvironment: [common]\n",
    "web/Pulumi.yaml": project("web"),
    "web/Pulumi.prod.yaml": "environment:\n  - common\n",
}
NOTE = (
    "imports ESC environment {}; stack outputs an environment opens (fn::open::pulumi-stacks) are "
    "dependencies stackgraph cannot see: declare them with stackgraph:dependsOn"
)


def test_each_environment_gets_one_info_on_the_environment_line_of_its_first_importer(tmp_path: Path) -> None:
    repo = scan(write_repo(tmp_path / "repo", FILES))
    got = [(d.severity, d.file, d.line, d.message) for d in repo.diagnostics if d.code == "esc-environment"]
    assert got == [
        (Severity.INFO, "app/Pulumi.dev.yaml", 4, NOTE.format("common (as do 2 other stack files)")),
        (Severity.INFO, "app/Pulumi.dev.yaml", 4, NOTE.format("myorg/net-outputs")),
        (Severity.INFO, "app/Pulumi.prod.yaml", 1, NOTE.format("myorg/prod-outputs")),
    ]


def test_a_thousand_stack_files_importing_one_environment_give_one_line(tmp_path: Path) -> None:
    files = {f"p{i:04d}/Pulumi.yaml": project(f"p{i:04d}") for i in range(40)}
    files |= {f"p{i:04d}/Pulumi.dev.yaml": "environment: [acme/dev-shared]\n" for i in range(40)}
    repo = scan(write_repo(tmp_path / "repo", files))
    got = [(d.file, d.line, d.message) for d in repo.diagnostics if d.code == "esc-environment"]
    assert got == [("p0000/Pulumi.dev.yaml", 1, NOTE.format("acme/dev-shared (as do 39 other stack files)"))]


def test_scan_lists_it_plan_json_holds_it_and_no_secret_is_said(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    scanned = run_cli("scan", str(root))
    assert f"info: app/Pulumi.dev.yaml:4: {NOTE.format('myorg/net-outputs')}" in scanned.stdout
    planned = run_cli("plan", str(root), "-f", "json")
    codes = [d["code"] for d in json.loads(planned.stdout)["diagnostics"]]
    assert codes.count("esc-environment") == 3
    for result in (scanned, planned, run_cli("plan", str(root)), run_cli("check", str(root))):
        assert SECRET not in result.stdout + result.stderr
    assert "esc-environment" not in run_cli("plan", str(root)).stderr  # an info: plan prints warnings only
