"""Values of project and stack files are read as Pulumi reads them (YAML 1.2's core schema, Go's yaml.v3).

A date-looking scalar is a string (`2001-02-30` too), `on`/`yes`/`=` are strings, a key is its text; a value
its written tag does not fit (`!!int abc`) is one line naming the file and line, exit 2, never a crash.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.clirun import cli
from tests.helpers.repo_builder import write_repo

PROJECT = "name: a\nruntime: python\n"
YAML_PROGRAM = """\
name: a
runtime: yaml
variables:
  sep: =
resources:
  wf:
    type: github:index:Workflow
    properties: {on: push, yes: no}
"""


def _repo(tmp_path: Path, stack: str, project: str = PROJECT) -> Path:
    return write_repo(tmp_path, {"a/Pulumi.yaml": project, "a/Pulumi.dev.yaml": stack})


@pytest.mark.parametrize(
    ("stack", "key", "value"),
    [
        ("config: {app:expires: 2001-02-30}\n", "app:expires", "2001-02-30"),
        ("config:\n  app:expires: 2024-13-01\n", "app:expires", "2024-13-01"),
        ("config:\n  app:at: 2024-01-01 25:00:00\n", "app:at", "2024-01-01 25:00:00"),
        ("config:\n  app:obj:\n    when: 2023-02-29\n", "app:obj", {"when": "2023-02-29"}),
        ("config:\n  app:n: " + "9" * 5000 + "\n", "app:n", "9" * 5000),
        ("config:\n  app:x: =\n", "app:x", "="),
        ("config: {app:flags: {on: 1, yes: 2}}\n", "app:flags", {"on": 1, "yes": 2}),
        ("config:\n  app:m:\n    NO: Norway\n    off: x\n", "app:m", {"NO": "Norway", "off": "x"}),
        ("config:\n  app:m: {1: a, 1.0: b, true: c}\n", "app:m", {"1": "a", "1.0": "b", "true": "c"}),
        ("config:\n  app:m: {null: a, ~: b}\n", "app:m", {"null": "a", "~": "b"}),
    ],
)
def test_stack_values_yaml_1_1_would_type_are_read_as_pulumi_reads_them(
    tmp_path: Path, stack: str, key: str, value: object
) -> None:
    root = _repo(tmp_path, stack)
    [s] = scan(root, infer=False).stacks
    assert s.config[key] == value
    out = cli("scan", root, "-f", "json")
    assert (out.code, out.stderr) == (0, "")


def test_project_defaults_and_template_defaults_that_look_like_dates(tmp_path: Path) -> None:
    project = (
        PROJECT + "config:\n  app:start:\n    default: 2001-02-30\n"
        "template:\n  config:\n    app:date:\n      default: 2024-02-30\n"
    )
    root = _repo(tmp_path, "config: {}\n", project)
    [p] = scan(root, infer=False).projects
    assert p.config["app:start"] == {"default": "2001-02-30"}
    assert cli("plan", root).code == 0


def test_a_yaml_program_with_on_yes_and_equals_is_read(tmp_path: Path) -> None:
    spec = {"a/Pulumi.yaml": YAML_PROGRAM, "a/Pulumi.dev.yaml": "", "b/Pulumi.yaml": "name: b\nruntime: go\n"}
    root = write_repo(tmp_path, {**spec, "b/Pulumi.dev.yaml": ""})
    out = cli("scan", root, "-f", "json")
    assert (out.code, out.stderr) == (0, "")
    assert [s.id for s in scan(root).stacks] == ["a/dev", "b/dev"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int abc", "invalid value for !!int at column 10"),
        ("!!float abc", "invalid value for !!float at column 10"),
        ("!!bool maybe", "invalid value for !!bool at column 10"),
        ("!!timestamp nope", "invalid value for !!timestamp at column 10"),
        ("{when: !!timestamp 2001-02-30}", "invalid value for !!timestamp at column 17"),
    ],
)
def test_a_value_its_tag_does_not_fit_is_one_line_and_exit_2(tmp_path: Path, value: str, message: str) -> None:
    root = _repo(tmp_path, f"config:\n  app:x: {value}\n")
    out = cli("scan", root)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        f"stackgraph: error: a/Pulumi.dev.yaml:2: invalid YAML: {message}; fix the value or remove the tag\n"
    )


def test_secure_values_under_keys_yaml_1_1_would_type_stay_secret(tmp_path: Path) -> None:
    root = _repo(tmp_path, "config:\n  app:flags:\n    on:\n      secure: AAABAsecret\n    yes: 2\n")
    [s] = scan(root, infer=False).stacks
    assert s.secure_keys == ("app:flags.on",)
    out = cli("scan", root, "-f", "json")
    assert out.code == 0 and "AAABA" not in out.stdout + out.stderr
