"""A program file of another language than the project's runtime runs is never run by Pulumi: an `index.ts` or a
`main.go` beside the `__main__.py` of a `runtime: python` project (a Lambda's source, a script, a leftover of a
port) gave edges, though `pulumi up` runs only the Python program. Its StackReferences are now an info
`not-imported` naming the runtime; those of the runtime's own language count as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import DiagnosticCode, Repo
from tests.helpers.repo_builder import project, stack, write_repo

PY = 'import pulumi\nr = pulumi.StackReference("acme/{}/dev")\n'
TS = 'import * as pulumi from "@pulumi/pulumi";\nnew pulumi.StackReference("acme/{}/dev");\n'
GO = (
    'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\nfunc main() {{\n'
    "\tpulumi.Run(func(ctx *pulumi.Context) error {{\n"
    '\t\t_, err := pulumi.NewStackReference(ctx, "acme/{}/dev", nil)\n\t\treturn err\n\t}})\n}}\n'
)
FILES = {"python": ("__main__.py", PY), "nodejs": ("index.ts", TS), "go": ("main.go", GO)}
LANGUAGE = {"python": "Python", "nodejs": "TypeScript", "go": "Go"}


def _scan(tmp_path: Path, runtime: str, programs: dict[str, str]) -> Repo:
    files: dict[str, object] = {"app/Pulumi.yaml": project("app", runtime=runtime), "app/Pulumi.dev.yaml": stack()}
    for name in ("net", "data", "extra"):
        files[f"{name}/Pulumi.yaml"] = project(name)
        files[f"{name}/Pulumi.dev.yaml"] = stack()
    files.update({f"app/{name}": text for name, text in programs.items()})
    return scan(write_repo(tmp_path, files))


def _targets(repo: Repo) -> list[str | None]:
    return sorted(str(r.target_id) for r in repo.references)


@pytest.mark.parametrize("runtime", ["python", "nodejs", "go"])
def test_only_the_runtimes_own_language_counts(tmp_path: Path, runtime: str) -> None:
    own, others = FILES[runtime], [f for r, f in FILES.items() if r != runtime]
    programs = {own[0]: own[1].format("net")}
    programs.update({name: text.format(target) for (name, text), target in zip(others, ["data", "extra"], strict=True)})
    repo = _scan(tmp_path, runtime, programs)
    assert _targets(repo) == ["net/dev"]
    notes = sorted((d.file, d.message) for d in repo.diagnostics if d.code is DiagnosticCode.NOT_IMPORTED and d.file)
    assert [file for file, _ in notes] == sorted(f"app/{name}" for name, _ in others)
    for file, message in notes:
        language = next(LANGUAGE[r] for r, (name, _) in FILES.items() if file == f"app/{name}")
        assert message == (
            f"StackReference in a {language} file of a `runtime: {runtime}` project: Pulumi never runs it; ignored"
        )


def test_a_yaml_project_runs_no_typescript(tmp_path: Path) -> None:
    repo = _scan(tmp_path, "yaml", {"index.ts": TS.format("data")})
    assert _targets(repo) == []


def test_an_unknown_runtime_keeps_every_file(tmp_path: Path) -> None:
    """A runtime stackgraph does not know (a plugin's, a misspelt one): no file is left out on a guess."""
    repo = _scan(tmp_path, "deno", {"index.ts": TS.format("data"), "__main__.py": PY.format("net")})
    assert _targets(repo) == ["data/dev", "net/dev"]
