"""`stackgraph.yaml` is validated entirely at load, by every command (issue 15): its `watch` globs compile,
the selectors inside `watch` parse, with file and line; an `exclude` entry that matches nothing is a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.clirun import both, cli
from tests.helpers.repo_builder import project, stack, write_repo

NET = {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack(), "sandbox/Pulumi.yaml": project("sb")}

BAD = {
    "broken-glob": (
        'org: acme\nwatch:\n  "lib/[z-a]": ["project:net"]\n',
        "stackgraph.yaml:3: watch glob 'lib/[z-a]' is not a valid glob; fix its brackets",
    ),
    "unclosed-bracket": (
        'watch:\n  "lib/**": ["project:net"]\n  "shared/[": ["project:net"]\n',
        "stackgraph.yaml:3: watch glob 'shared/[' has a '[' that is not closed; close it ('[abc]') or write '[[]' "
        "for a '['",
    ),
    "empty-glob": (
        'watch:\n  "": ["project:net"]\n',
        "stackgraph.yaml:2: watch glob '' is empty; name the files, e.g. 'lib/shared/**'",
    ),
    "not-a-selector": (
        'watch:\n  "lib/**":\n    - project:net\n    - bogus\n',
        "stackgraph.yaml:4: watch 'lib/**': 'bogus' is not a selector; write 'project:bogus' (its stacks), "
        "'stack:bogus' (an environment) or 'bogus/<stack>'",
    ),
    "empty-name": (
        'watch:\n  "lib/**": "project:"\n',
        "stackgraph.yaml:2: watch 'lib/**': 'project:' needs a name after 'project:', like 'project:api'",
    ),
    "git-ref": (
        'watch:\n  "lib/**": ["net/dev", "[main]"]\n',
        "stackgraph.yaml:2: watch 'lib/**': '[main]': a watch selector cannot name a git ref; name stacks instead",
    ),
    "empty-ref": (
        'watch:\n  lib:\n    - "[ ]"\n',
        "stackgraph.yaml:3: watch 'lib': '[ ]': the ref is empty (in CI, an empty variable such as "
        "${{ github.event.before }}); name a branch, tag or commit, like '[main]'",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
@pytest.mark.parametrize("command", ["plan", "ls", "scan", "graph"])
def test_a_wrong_watch_entry_is_an_error_at_load(tmp_path: Path, name: str, command: str) -> None:
    text, message = BAD[name]
    root = write_repo(tmp_path, {**NET, "stackgraph.yaml": text})
    outs = both(command, root) if command == "plan" else [cli(command, root)]
    for out in outs:
        assert (out.code, out.stdout, out.stderr) == (2, "", f"stackgraph: error: {message}\n")


def test_exclude_entries_that_match_nothing_are_warnings_with_their_line(tmp_path: Path) -> None:
    settings = 'exclude:\n  - "sandbox/**"\n  - "sandbx"\n  - "*.tmp"\n'
    root = write_repo(tmp_path, {**NET, "stackgraph.yaml": settings})
    for out in both("plan", root, "-f", "text"):
        assert (out.code, out.stdout) == (0, "deploy order: 1 stack in 1 level\n1\tnet/dev\n")
        assert out.stderr == (
            "stackgraph: warning: stackgraph.yaml:4: exclude '*.tmp' matches no folder or file; fix the glob or "
            "remove it\n"
            "stackgraph: warning: stackgraph.yaml:3: exclude 'sandbx' matches no folder or file; fix the glob or "
            "remove it\n"
            "stackgraph: warning: 1 file skipped (excluded by stackgraph.yaml: 1); --verbose lists them\n"
        )
    (root / "notes.tmp").write_text("x")  # now '*.tmp' skips something
    out = cli("plan", root, "-f", "text")
    assert "'*.tmp'" not in out.stderr
    assert "'sandbx'" in out.stderr


def test_a_valid_settings_file_says_nothing(tmp_path: Path) -> None:
    settings = 'org: acme\nexclude: ["sandbox/"]\nwatch:\n  "lib/**": ["project:net", "+net/dev"]\n'
    root = write_repo(tmp_path, {**NET, "stackgraph.yaml": settings})
    out = cli("plan", root, "-f", "text")
    assert (out.code, out.stderr) == (
        0,
        "stackgraph: warning: 1 file skipped (excluded by stackgraph.yaml: 1); --verbose lists them\n",
    )
