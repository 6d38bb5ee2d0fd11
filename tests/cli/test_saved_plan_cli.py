"""Bad input to `preview --save-plan DIR` and `up --plan DIR`: one line, exit 2, nothing runs (no engine needed;
the refusals that ask the backend run a scripted `pulumi`, tests/helpers/fake_backend.py).

The real-engine flows (apply, refusals after edits and foreign deploys, the cascade rule) are in
tests/e2e/test_saved_plan_engine.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import Outcome, both, script
from tests.helpers.estate import commit_all, git
from tests.helpers.fake_backend import deploy, fake_backend
from tests.helpers.fake_state import calls
from tests.helpers.repo_builder import project, stack, write_repo

SPEC = {
    "net/Pulumi.yaml": project("net"),
    "net/Pulumi.dev.yaml": stack(),
    "app/Pulumi.yaml": project("app"),
    "app/Pulumi.dev.yaml": stack(depends_on=["net/dev"]),
}


def git_repo(root: Path, marker: str) -> Path:
    write_repo(root, {**SPEC, "README.md": marker})
    git(root, "init", "-q", "-b", "main")
    commit_all(root, marker)
    return root


def bundle(folder: Path, **doc: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    base: dict[str, object] = {
        "schema": "stackgraph.saved-plan/v1",
        "order": [["net/dev"], ["app/dev"]],
        "stacks": {},
        "selection": {"select": [], "exclude": [], "changed_since": None, "no_dependents": False, "env": "dev"},
    }
    (folder / "plan.json").write_text(json.dumps({**base, **doc}))
    return folder


def one_error(outcomes: list[Outcome], expected: str) -> None:
    for out in outcomes:
        assert out.code == 2, (out.stdout, out.stderr)
        assert out.stderr.strip().splitlines()[-1] == f"stackgraph: error: {expected}", out.stderr
        assert "Traceback" not in out.stderr


def test_a_missing_bundle_folder(tmp_path: Path) -> None:
    repo = write_repo(tmp_path / "repo", SPEC)
    one_error(
        both("up", repo, "--plan", tmp_path / "nope"),
        f"--plan {tmp_path / 'nope'}: no such folder; give the folder `preview --save-plan` wrote",
    )


def test_a_bundle_without_plan_json(tmp_path: Path) -> None:
    repo = write_repo(tmp_path / "repo", SPEC)
    (tmp_path / "b").mkdir()
    one_error(
        both("up", repo, "--plan", tmp_path / "b"),
        f"{tmp_path / 'b' / 'plan.json'}: missing; this folder holds no saved plan (run preview --save-plan)",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("{not json", "not valid JSON", id="bad-json"),
        pytest.param(
            json.dumps({"schema": "stackgraph.run/v1"}),
            "not a saved plan (schema 'stackgraph.run/v1', expected 'stackgraph.saved-plan/v1')",
            id="other-schema",
        ),
        pytest.param(
            json.dumps({"schema": "stackgraph.saved-plan/v2", "stacks": {}, "order": []}),
            "schema stackgraph.saved-plan/v2 is newer than this stackgraph reads (stackgraph.saved-plan/v1); "
            "upgrade stackgraph",
            id="newer-schema",
        ),
        pytest.param(
            json.dumps({"schema": "stackgraph.saved-plan/v1"}),
            "incomplete saved plan (no stacks or order); run preview --save-plan again",
            id="incomplete",
        ),
    ],
)
def test_an_unreadable_plan_json(tmp_path: Path, text: str, expected: str) -> None:
    repo = write_repo(tmp_path / "repo", SPEC)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "plan.json").write_text(text)
    for out in both("up", repo, "--plan", tmp_path / "b"):
        assert out.code == 2, out.stderr
        last = out.stderr.strip().splitlines()[-1]
        assert last.startswith(f"stackgraph: error: {tmp_path / 'b' / 'plan.json'}: "), out.stderr
        assert expected in last


def test_a_bundle_from_another_repository(tmp_path: Path) -> None:
    mine = git_repo(tmp_path / "mine", "mine")
    theirs = git_repo(tmp_path / "theirs", "theirs")
    first = git(theirs, "rev-list", "--max-parents=0", "HEAD")
    saved = bundle(tmp_path / "b", repository={"first_commit": first, "root": str(theirs)})
    one_error(
        both("up", mine, "--plan", saved),
        f"{saved / 'plan.json'}: saved for another repository (first commit {first}), not {mine}; "
        "apply it where it was previewed, or preview here",
    )
    assert not (mine / ".stackgraph" / "state").exists()  # no backend touched


def test_a_selection_other_than_the_saved_one(tmp_path: Path) -> None:
    repo = write_repo(tmp_path / "repo", SPEC)
    saved = bundle(tmp_path / "b")
    one_error(
        both("up", repo, "--plan", saved, "--select", "app/dev"),
        f"{saved.resolve()}: the selection differs from the previewed one (--env dev); leave the selection "
        "options out (the saved plan has its own) or preview again",
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ["up", "--plan", "B", "--dry-run"],
            "--dry-run does not go with --plan: a saved plan is about what really runs",
            id="up-dry-run",
        ),
        pytest.param(
            ["preview", "--save-plan", "B", "--dry-run"],
            "--dry-run does not go with --save-plan: a saved plan is about what really runs",
            id="preview-dry-run",
        ),
        pytest.param(
            ["up", "--plan", "B", "--create-stacks"],
            "--create-stacks does not go with --plan: a saved plan deploys the stacks it previewed",
            id="create-stacks",
        ),
    ],
)
def test_options_that_do_not_go_with_a_saved_plan(tmp_path: Path, args: list[str], expected: str) -> None:
    repo = write_repo(tmp_path / "repo", SPEC)
    saved = bundle(tmp_path / "b")
    one_error(both(args[0], repo, *[str(saved) if a == "B" else a for a in args[1:]]), expected)


def test_save_plan_into_a_folder_that_holds_something_else(tmp_path: Path) -> None:
    repo = write_repo(tmp_path / "repo", SPEC)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "notes.txt").write_text("mine")
    one_error(
        both("preview", repo, "--save-plan", tmp_path / "b"),
        f"--save-plan {tmp_path / 'b'}: the folder is not empty and holds no saved plan; name an empty or new folder",
    )
    one_error(
        both("preview", repo, "--save-plan", tmp_path / "no" / "b"),
        f"--save-plan {tmp_path / 'no' / 'b'}: the folder {tmp_path / 'no'} does not exist",
    )
    assert (tmp_path / "b" / "notes.txt").read_text() == "mine"


def test_nothing_changed_saves_an_empty_plan_that_applies_nothing(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo", "mine")
    for out in both("preview", repo, "--changed-since", "HEAD", "--save-plan", tmp_path / "b"):
        assert out.code == 0, out.stderr
        assert f"saved the plan of 0 stack(s) in {tmp_path / 'b'}" in out.stderr
        doc = json.loads((tmp_path / "b" / "plan.json").read_text())
        assert (doc["order"], doc["stacks"], doc["selection"]["changed_since"]) == ([], {}, "HEAD")
    for out in both("up", repo, "--plan", tmp_path / "b"):
        assert out.code == 0, out.stderr
        assert "no stack changed since HEAD; nothing to up" in out.stderr


def test_a_selection_that_now_chooses_other_stacks_is_refused_before_the_backend_is_asked(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo", "mine")
    first = git(repo, "rev-list", "--max-parents=0", "HEAD")
    saved = bundle(tmp_path / "b", order=[["net/dev"]], repository={"first_commit": first, "root": str(repo)})
    for out in both("up", repo, "--plan", saved):
        assert out.code == 2, out.stderr
        lines = out.stderr.strip().splitlines()
        assert (
            "stackgraph: refused: the selection would differ from the preview: 1 previewed, 2 now; now also app/dev"
        ) in lines
        assert lines[-1].startswith(f"stackgraph: error: {saved.resolve()}: refusing to apply the saved plan: ")
    assert not (repo / ".stackgraph" / "state").exists()  # the backend was never asked


# --- refusals that need a backend: a scripted `pulumi` (tests/helpers/fake_backend.py) --------------------


def _saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *selection: str) -> tuple[Path, Path, Path]:
    """A git repository, a backend where net/dev and app/dev are deployed, and a plan saved from it."""
    repo = git_repo(tmp_path / "repo", "mine")
    folder = tmp_path / "bin"
    for key, value in fake_backend(folder, {"net/dev": {"version": 4}, "app/dev": {"version": 2}}).items():
        monkeypatch.setenv(key, value)
    saved = tmp_path / "b"
    out = script("preview", repo, *selection, "--save-plan", saved)
    assert out.code == 0, out.stderr
    return repo, folder, saved


def _refused(repo: Path, saved: Path, problems: list[str]) -> None:
    for out in both("up", repo, "--plan", saved):
        assert out.code == 2, out.stderr
        lines = out.stderr.strip().splitlines()
        assert [ln.removeprefix("stackgraph: refused: ") for ln in lines if "refused: " in ln] == problems
        assert lines[-1].startswith(
            f"stackgraph: error: {saved.resolve()}: refusing to apply the saved plan: {len(problems)} difference(s) "
            "since the preview, listed above; nothing was deployed; approve the current state with `stackgraph preview"
        )


def test_an_upstream_outside_the_selection_deployed_since_the_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, folder, saved = _saved(tmp_path, monkeypatch, "-s", "app/dev")  # app/dev read net/dev as it was
    doc = json.loads((saved / "plan.json").read_text())
    assert (doc["order"], list(doc["upstream_states"])) == ([["app/dev"]], ["net/dev"])
    deploy(folder, "net/dev")  # someone else deploys net/dev: app/dev's preview read its old outputs
    _refused(
        repo,
        saved,
        [
            "net/dev (an upstream outside the selection, read by the preview): its deployed state changed since the "
            "plan was saved (then version 4 (update at 2026-12-04T12:00:00.000Z), now version 5 (update at "
            "2026-12-05T12:00:00.000Z)): it was deployed or refreshed since"
        ],
    )
    assert not [c for c in calls(folder) if c[:1] == ["up"]]  # nothing deployed


@pytest.mark.parametrize("edit", ["changed", "missing"])
def test_a_pulumi_update_plan_of_the_bundle_edited_or_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    repo, folder, saved = _saved(tmp_path, monkeypatch)
    doc = json.loads((saved / "plan.json").read_text())
    update_plan = saved / doc["stacks"]["app/dev"]["update_plan"]
    if edit == "changed":  # e.g. an operation added by hand: the engine would enforce the edited plan
        update_plan.write_text(update_plan.read_text().replace("{}", '{"urn:x": {"goal": {}}}', 1))
    else:
        update_plan.unlink()
    before = len(calls(folder))
    said = "changed since the preview" if edit == "changed" else "is missing"
    _refused(repo, saved, [f"app/dev: {update_plan} {said} (its Pulumi update plan)"])
    assert calls(folder)[before:] == []  # refused before the backend was asked


def test_a_saved_plan_applied_a_second_time_is_refused_saying_it_was_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second `up --plan` of a plan that was applied said someone else deployed or refreshed the stacks (found
    by a docs walk-through): it names the run that applied it, and a saved plan applies once."""
    repo, folder, saved = _saved(tmp_path, monkeypatch)
    first = script("up", repo, "--plan", saved)
    assert first.code == 0, first.stderr
    runs = (repo / ".stackgraph" / "runs").glob("2*.json")
    (run,) = [p.stem for p in runs if json.loads(p.read_text())["command"] == "up"]
    problems = [
        f"{sid}: its deployed state changed since the plan was saved (then version {v} (update at 2026-12-0{v}"
        f"T12:00:00.000Z), now version {v + 1} (update at 2026-12-0{v + 1}T12:00:00.000Z)): this saved plan was "
        f"already applied to it by run {run} (a saved plan applies once)"
        for sid, v in (("app/dev", 2), ("net/dev", 4))
    ]
    _refused(repo, saved, problems)
    assert len([c for c in calls(folder) if c[:1] == ["up"]]) == 2  # the first apply's, nothing since
    for out in both("up", repo, "--plan", saved):
        assert f"--save-plan {saved}`, review it" in out.stderr.splitlines()[-1]


def test_a_stack_of_the_plan_deployed_by_someone_else_is_refused_without_blaming_anyone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No run report shows the plan applied: the refusal says the stack was deployed or refreshed since, not by
    whom (an earlier apply whose report is gone is possible)."""
    repo, folder, saved = _saved(tmp_path, monkeypatch)
    deploy(folder, "net/dev")
    _refused(
        repo,
        saved,
        [
            "net/dev: its deployed state changed since the plan was saved (then version 4 (update at "
            "2026-12-04T12:00:00.000Z), now version 5 (update at 2026-12-05T12:00:00.000Z)): it was deployed or "
            "refreshed since (no run report here shows this plan applied to it)"
        ],
    )
