"""A module-level name of one module set from another (`import refs; refs.net = pulumi.StackReference(..)` in
__main__.py, read as `refs.net.get_output("vpcId")` in helpers.py): which reference a read of `refs.net` gets depends
on the order the program runs its modules in, which is not followed. The reads are kept open (`check` counts them as
not checked, naming the assignment), never charged to the reference refs.py assigned first.

Real case (probe /tmp/pyleft-probe/reassign2): refs.py holds a first StackReference to `other`, __main__.py replaces
it with one to `net`, helpers.py reads `vpcId`; was: the read charged to `other` (a false error: other does not
export vpcId) and the reference to `net` claimed to read nothing (no word of the read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.contracts import check
from stackgraph.discovery.scan import scan
from stackgraph.model import Repo
from tests.helpers.repo_builder import project, stack, write_repo

MAIN = (
    "import pulumi\nimport refs\nimport helpers\n\n"
    'refs.net = pulumi.StackReference("acme/net/" + pulumi.get_stack())\n'
    'pulumi.export("vpc", helpers.vpc())\n'
)
HELPERS = 'import refs\n\n\ndef vpc():\n    return refs.net.get_output("vpcId")\n'
FIRST = 'import pulumi\n\nnet = pulumi.StackReference("acme/other/" + pulumi.get_stack())\n'


def repo_of(tmp_path: Path, refs: str, main: str = MAIN) -> Repo:
    spec = {
        "net/Pulumi.yaml": project("net", runtime="python"),
        "net/Pulumi.dev.yaml": stack(),
        "net/__main__.py": 'import pulumi\npulumi.export("subnetIds", [])\n',
        "other/Pulumi.yaml": project("other", runtime="python"),
        "other/Pulumi.dev.yaml": stack(),
        "other/__main__.py": 'import pulumi\npulumi.export("x", 1)\n',
        "app/Pulumi.yaml": project("app", runtime="python"),
        "app/Pulumi.dev.yaml": stack(),
        "app/__main__.py": main,
        "app/refs.py": refs,
        "app/helpers.py": HELPERS,
    }
    return scan(write_repo(tmp_path / "repo", spec))


ASSIGNED = "`refs.net` assigned at app/__main__.py:5"


def test_a_reference_stored_in_another_modules_name_keeps_its_reads_open(tmp_path: Path) -> None:
    repo = repo_of(tmp_path, "net = None\n")
    [ref] = repo.references
    assert (ref.file, ref.line, ref.target_id, ref.outputs) == ("app/__main__.py", 5, "net/dev", ())
    assert ref.reads_open.startswith(ASSIGNED)
    result = check(repo)
    assert result.errors == ()
    assert [(o.file, o.line) for o in result.open_reads] == [("app/__main__.py", 5)]


@pytest.mark.parametrize(
    "main", [MAIN, MAIN.replace("import refs\n", "import refs as r\n").replace("refs.net = ", "r.net = ")]
)
def test_a_name_another_module_replaces_is_not_charged_the_reads_of_it(tmp_path: Path, main: str) -> None:
    repo = repo_of(tmp_path, FIRST, main)
    got = {(r.file, r.line): r for r in repo.references}
    assert sorted(got) == [("app/__main__.py", 5), ("app/refs.py", 3)]
    first = got[("app/refs.py", 3)]
    assert (first.target_id, first.outputs) == ("other/dev", ())
    assert "assigned at app/__main__.py:5" in first.reads_open
    assert "assigned at app/__main__.py:5" in got[("app/__main__.py", 5)].reads_open
    result = check(repo)
    assert result.errors == ()  # was: vpcId charged to other/dev, which does not export it
    assert [(o.file, o.line) for o in result.open_reads] == [("app/__main__.py", 5), ("app/refs.py", 3)]


@pytest.mark.parametrize(
    "main",
    [
        MAIN.replace("refs.net = ", "net = "),  # a local name of __main__.py: refs.net is untouched
        MAIN.replace("refs.net = ", "refs.other = "),  # another name of refs
    ],
    ids=["local-name", "other-name"],
)
def test_a_name_no_other_module_sets_is_still_read_where_it_is_imported(tmp_path: Path, main: str) -> None:
    repo = repo_of(tmp_path, FIRST, main)
    first = next(r for r in repo.references if r.file == "app/refs.py")
    assert (first.target_id, first.outputs, first.reads_open) == ("other/dev", ("vpcId",), "")
    assert [(f.output, f.file, f.line) for f in check(repo).errors] == [("vpcId", "app/helpers.py", 5)]


GLOBAL = (
    "import pulumi\n\n"
    'g = "acme/net/dev"\n\n\n'
    "def setup():\n"
    "    global g\n"
    '    g = "acme/other/dev"\n\n\n'
    "setup()\n"
    "ref = pulumi.StackReference(g)\n"
)


def test_a_module_variable_a_function_sets_with_global_is_never_its_module_value(tmp_path: Path) -> None:
    """`global g` in a function that sets it: which value the module's `g` has where it is read depends on when the
    function runs (here: before, so `other/dev`); the module's own value (`net/dev`, the old edge) is never taken."""
    repo = repo_of(tmp_path, "net = None\n", main=GLOBAL)
    [ref] = repo.references
    assert (ref.file, ref.line, ref.resolved, ref.target_id) == ("app/__main__.py", 12, False, None)
    assert "'g', a module variable a function sets (`global g` at app/__main__.py:7)" in (ref.reason or "")
    assert not [e for e in repo.edges if e.dependent == "app/dev"]


def test_a_global_name_never_set_by_a_function_keeps_its_value(tmp_path: Path) -> None:
    repo = repo_of(tmp_path, "net = None\n", main=GLOBAL.replace("global g", "global other_name"))
    [ref] = repo.references
    assert (ref.resolved, ref.target_id) == (True, "net/dev")
