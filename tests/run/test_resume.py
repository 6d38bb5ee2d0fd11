"""`--resume` with the fake engine: what a failed or interrupted run left is run, what succeeded and is
unchanged is skipped (cause `resumed`), and a stack whose inputs changed since runs again."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.clirun import both
from tests.helpers.run_harness import Bench, Done, kill_all

# a -> b -> c -> d (a chain of four levels), and x on its own.
GRAPH = {"a/dev": [], "b/dev": ["a/dev"], "c/dev": ["b/dev"], "d/dev": ["c/dev"], "x/dev": []}
RUN_ID = r"\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}"


def statuses(bench: Bench) -> dict[str, tuple[str, str | None]]:
    return {s["id"]: (s["status"], s["cause"]) for s in bench.report()["stacks"]}


def started(bench: Bench, since: int) -> list[str]:
    return bench.started()[since:]


def script(bench: Bench, value: dict[str, Any]) -> None:
    bench.script.write_text(json.dumps(value))


def failed_at_c(tmp_path: Path, outputs: dict[str, Any] | None = None) -> tuple[Bench, str]:
    """Run once with c failing; return the bench (c fixed in its script) and the id of that run."""
    spec: dict[str, Any] = {"c/dev": {"exit": 1}, "*": {"outputs": outputs or {}}}
    bench = Bench(tmp_path, GRAPH, spec)
    first = bench.run()
    assert first.code == 1, first.stderr
    run_id = bench.report()["stacks"][0]["log"].split("/")[2]
    script(bench, {"*": {"outputs": outputs or {}}})
    return bench, run_id


def skip_line(sid: str, run_id: str) -> str:
    return f"skip {sid}: --resume: it succeeded in {run_id} and its inputs are unchanged"


def test_resume_skips_what_succeeded_and_runs_the_rest_in_order(tmp_path: Path) -> None:
    bench, first = failed_at_c(tmp_path)
    before = len(bench.started())
    done = bench.run("--resume")
    assert done.code == 0, done.stderr
    assert started(bench, before) == ["c/dev", "d/dev"]
    assert statuses(bench) == {
        "a/dev": ("skipped", "resumed"),
        "b/dev": ("skipped", "resumed"),
        "x/dev": ("skipped", "resumed"),
        "c/dev": ("succeeded", None),
        "d/dev": ("succeeded", None),
    }
    report = bench.report()
    assert report["resumed_from"] == first
    assert {s["id"]: s.get("resumed_from") for s in report["stacks"]}["a/dev"] == first
    assert (
        f"stackgraph: --resume {first}: 3 of its 5 stack(s) succeeded; those whose inputs are unchanged "
        "are skipped, the rest run in order"
    ) in done.lines
    for sid in ("a/dev", "b/dev", "x/dev"):
        assert skip_line(sid, first) in done.lines
    assert (
        f"  skipped because --resume: it succeeded in {first} and its inputs are unchanged: a/dev, b/dev, x/dev"
        in done.lines
    )


def test_a_succeeded_stack_whose_project_file_changed_runs_again(tmp_path: Path) -> None:
    bench, first = failed_at_c(tmp_path)
    (bench.root / "b" / "Pulumi.yaml").write_text("name: b\nruntime: yaml\ndescription: edited\n")
    before = len(bench.started())
    done = bench.run("--resume")
    assert done.code == 0, done.stderr
    assert started(bench, before) == ["b/dev", "c/dev", "d/dev"]
    assert statuses(bench)["a/dev"] == ("skipped", "resumed")
    assert f"stackgraph: --resume: b/dev runs again: its project's files changed since {first}" in done.lines


def test_a_succeeded_stack_whose_stack_file_changed_runs_again(tmp_path: Path) -> None:
    bench, first = failed_at_c(tmp_path)
    (bench.root / "a" / "Pulumi.dev.yaml").write_text("config:\n  a:size: 2\n")
    before = len(bench.started())
    done = bench.run("--resume")
    assert done.code == 0, done.stderr
    # a ran again with the same outputs: b is unchanged and stays skipped.
    assert started(bench, before) == ["a/dev", "c/dev", "d/dev"]
    assert statuses(bench)["b/dev"] == ("skipped", "resumed")
    assert f"stackgraph: --resume: a/dev runs again: its stack file changed since {first}" in done.lines


def test_when_an_upstream_runs_again_with_other_outputs_its_dependents_run_again(tmp_path: Path) -> None:
    bench, first = failed_at_c(tmp_path, outputs={"v": 1})
    (bench.root / "a" / "Pulumi.yaml").write_text("name: a\nruntime: yaml\ndescription: edited\n")
    script(bench, {"a/dev": {"outputs": {"v": 2}}, "*": {"outputs": {"v": 1}}})
    before = len(bench.started())
    done = bench.run("--resume")
    assert done.code == 0, done.stderr
    assert started(bench, before) == ["a/dev", "b/dev", "c/dev", "d/dev"]
    assert statuses(bench)["x/dev"] == ("skipped", "resumed")
    assert f"stackgraph: --resume: b/dev runs again: the outputs of a/dev changed since {first}" in done.lines
    stacks = {s["id"]: s for s in bench.report()["stacks"]}
    assert stacks["b/dev"]["inputs"]["upstreams"]["a/dev"] == stacks["a/dev"]["outputs"]


def test_the_digests_recorded_are_digests_only(tmp_path: Path) -> None:
    bench = Bench(tmp_path, GRAPH, {"*": {"outputs": {"password": "hunter2-secret"}}})
    assert bench.run().code == 0
    text = (bench.root / ".stackgraph" / "runs" / "last.json").read_text()
    assert "hunter2" not in text
    stacks = {s["id"]: s for s in bench.report()["stacks"]}
    assert set(stacks["b/dev"]["inputs"]) == {"project", "stack_file", "upstreams"}
    assert stacks["b/dev"]["inputs"]["upstreams"] == {"a/dev": stacks["a/dev"]["outputs"]}
    assert len(stacks["a/dev"]["outputs"]) == 32


def test_an_interrupted_run_is_resumed(tmp_path: Path) -> None:
    bench = Bench(tmp_path, GRAPH, {"b/dev": {"hang": True}})
    proc = bench.start("--parallelism", "1")
    try:
        bench.wait_for("start", "b/dev")
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        kill_all(bench.pids())
    assert proc.returncode == 130, stderr
    assert statuses(bench)["b/dev"] == ("cancelled", None)
    interrupted = bench.report()["stacks"][0]["log"].split("/")[2]
    script(bench, {})
    before = len(bench.started())
    done = bench.run("--resume")
    assert done.code == 0, done.stderr
    ran = started(bench, before)
    assert sorted(ran) == sorted(["b/dev", "c/dev", "d/dev", *(["x/dev"] if "x/dev" in ran else [])])
    assert ran.index("b/dev") < ran.index("c/dev") < ran.index("d/dev")
    assert statuses(bench)["a/dev"] == ("skipped", "resumed")
    assert skip_line("a/dev", interrupted) in done.lines


def test_resume_run_id_picks_an_older_run_and_what_ran_since_then_decides(tmp_path: Path) -> None:
    bench, first = failed_at_c(tmp_path)
    script(bench, {"a/dev": {"exit": 1}})
    assert bench.run().code == 1  # the last run: a failed (b, c, d skipped), x succeeded again
    second = bench.report()["stacks"][0]["log"].split("/")[2]
    script(bench, {"*": {"outputs": {}}})
    before = len(bench.started())
    done = bench.run("--resume", first)
    assert done.code == 0, done.stderr
    assert done.lines[0].startswith(f"stackgraph: --resume {first}: 2 of its 5 stack(s) succeeded"), done.stderr
    # a failed after the run resumed: it runs again (with the same outputs, so b stays done);
    # x succeeded again since: that later success is the one kept.
    assert started(bench, before) == ["a/dev", "c/dev", "d/dev"]
    assert skip_line("b/dev", first) in done.lines
    assert f"stackgraph: --resume: a/dev runs again: it ran in the later run {second} (run: failed)" in done.lines
    assert skip_line("x/dev", second) in done.lines


def test_resume_without_run_id_takes_the_last_run_of_the_same_command(tmp_path: Path) -> None:
    bench, first = failed_at_c(tmp_path)
    script(bench, {"a/dev": {"exit": 1}})
    assert bench.run().code == 1
    second = bench.report()["stacks"][0]["log"].split("/")[2]
    script(bench, {})
    done = bench.run("--resume")
    assert done.code == 0, done.stderr
    assert done.lines[0].startswith(f"stackgraph: --resume {second}: 1 of its 5 stack(s) succeeded")
    assert first != second


def test_a_chain_of_resumes_keeps_the_run_each_stack_succeeded_in(tmp_path: Path) -> None:
    bench, first = failed_at_c(tmp_path)
    script(bench, {"d/dev": {"exit": 1}})
    assert bench.run("--resume").code == 1
    script(bench, {})
    before = len(bench.started())
    done = bench.run("--resume")
    assert done.code == 0, done.stderr
    assert started(bench, before) == ["d/dev"]
    assert skip_line("a/dev", first) in done.lines


def test_resuming_a_run_that_succeeded_runs_nothing_unchanged_and_exits_0(tmp_path: Path) -> None:
    bench = Bench(tmp_path, GRAPH, {})
    assert bench.run().code == 0
    before = len(bench.started())
    done = bench.run("--resume")
    assert done.code == 0, done.stderr
    assert started(bench, before) == []
    assert any("every stack succeeded in that run; only those whose inputs changed since run again" in ln
               for ln in done.lines)  # fmt: skip


def one_line_exit_2(done: Done | Any, text: str) -> None:
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert done.code == 2, done.stderr
    assert lines == [f"stackgraph: error: {text}"], done.stderr


@pytest.mark.parametrize("how", ["runner", "script"])
def test_bad_resume_input_is_one_line_and_exit_2(tmp_path: Path, how: str) -> None:
    bench = Bench(tmp_path, GRAPH, {})
    runs = bench.root / ".stackgraph" / "runs"
    pick = 0 if how == "runner" else 1
    one_line_exit_2(
        both("up", bench.root, "--resume")[pick],
        f"--resume: no earlier `up` run in {runs} to resume; run `stackgraph up` without --resume",
    )
    assert bench.run().code == 0
    run_id = bench.report()["stacks"][0]["log"].split("/")[2]
    one_line_exit_2(
        both("destroy", bench.root, "--resume", run_id)[pick],
        f"--resume {run_id}: that run was `run`, not `destroy`; pass a run of `destroy`, or run "
        f"`stackgraph run --resume {run_id}`",
    )
    unknown = "20200101T000000.000Z-abcd"
    one_line_exit_2(
        both("up", bench.root, "--resume", unknown)[pick],
        f"--resume {unknown}: no such run in {runs}; pass the id of one of its reports",
    )
    one_line_exit_2(
        both("up", bench.root, "--resume", "20200101T0")[pick],
        f"--resume 20200101T0: not a run id (like 20261205T120000.123Z-ab12); give PATH before --resume, "
        f"or one of the reports in {runs}",
    )
    one_line_exit_2(
        both("preview", bench.root, "--resume")[pick],
        "--resume: preview deploys nothing to resume; use it with up, refresh, destroy or run",
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["up", "--resume"], ["up", "--resume=last"]),
        (["up", "--resume", "."], ["up", "--resume=last", "."]),
        (["up", ".", "--resume", "-p", "2"], ["up", ".", "--resume=last", "-p", "2"]),
        (["up", "--resume", "last"], ["up", "--resume", "last"]),
        (["up", "--resume", "20261205T120000.123Z-ab12"], ["up", "--resume", "20261205T120000.123Z-ab12"]),
        (["run", ".", "--resume", "--", "x", "--resume"], ["run", ".", "--resume=last", "--", "x", "--resume"]),
        (["run", ".", "--", "--resume"], ["run", ".", "--", "--resume"]),
    ],
)
def test_a_bare_resume_means_the_last_run(args: list[str], expected: list[str]) -> None:
    from stackgraph.cli.options import with_resume_value

    assert with_resume_value(args) == expected


@pytest.mark.parametrize("command", ["up", "down", "gc"])
def test_env_commands_refuse_resume_in_one_line(tmp_path: Path, command: str) -> None:
    bench = Bench(tmp_path, GRAPH, {})
    args = {
        "up": ["env", "up", "pr-1", str(bench.root), "--from", "dev"],
        "down": ["env", "down", "pr-1", str(bench.root)],
    }
    argv = args.get(command, ["env", "gc", str(bench.root)])
    for done in both(*argv, "--resume", "last"):
        one_line_exit_2(
            done,
            f"--resume: `env {command}` cannot resume a run; use it with up, refresh, destroy or run, or run "
            f"`env {command}` again without it",
        )


# `destroy` drives the Pulumi CLI itself: a scripted `pulumi` answers `stack ls` from one marker file per
# deployed stack, `stack output` with one output while deployed (none once destroyed), and `destroy` by
# removing the stack's marker (or failing).
FAKE_PULUMI = """#!{python}
import json, sys
from pathlib import Path
here = Path(__file__).resolve().parent
args = sys.argv[1:]
with open(here / "calls.jsonl", "a") as f:
    f.write(json.dumps(args) + "\\n")
project = Path(args[args.index("--cwd") + 1]).name if "--cwd" in args else None
deployed = sorted(p.name.replace("__", "/") for p in (here / "deployed").iterdir())
if args[:2] == ["stack", "ls"]:
    print(json.dumps([{{"name": "organization/" + s, "resourceCount": 2}} for s in deployed
                      if project in (None, s.split("/")[0])]))
elif args[:2] == ["stack", "output"]:  # a deployed stack has an output; a destroyed one none
    sid = project + "/" + args[args.index("--stack") + 1]
    print(json.dumps({{"v": 1}} if sid in deployed else {{}}))
elif args[0] == "destroy":
    sid = project + "/" + args[args.index("--stack") + 1]
    problem = json.loads((here / "fail.json").read_text()).get(sid)
    if problem:
        sys.exit("error: " + problem)
    (here / "deployed" / sid.replace("/", "__")).unlink()
    print("Resources:\\n    - 2 deleted")
else:
    sys.exit("error: the fake pulumi does not answer " + " ".join(args))
"""


def fake_pulumi_cli(folder: Path, deployed: list[str], fail: dict[str, str]) -> dict[str, str]:
    """Write the scripted `pulumi` to `folder`, with `deployed` in its backend; return the environment for it."""
    import sys

    (folder / "deployed").mkdir(parents=True)
    for sid in deployed:
        (folder / "deployed" / sid.replace("/", "__")).touch()
    (folder / "fail.json").write_text(json.dumps(fail))
    exe = folder / "pulumi"
    exe.write_text(FAKE_PULUMI.format(python=sys.executable))
    exe.chmod(0o755)
    return {
        "STACKGRAPH_PULUMI_BIN": str(folder),
        "PULUMI_BACKEND_URL": f"file://{folder / 'state'}",
        "PULUMI_CONFIG_PASSPHRASE": "",
        "CI": "",
    }


def destroyed(folder: Path) -> list[str]:
    """The stacks the scripted `pulumi` was asked to destroy, in order."""
    calls = [json.loads(line) for line in (folder / "calls.jsonl").read_text().splitlines()]
    return [f"{Path(c[c.index('--cwd') + 1]).name}/{c[c.index('--stack') + 1]}" for c in calls if c[0] == "destroy"]


def test_a_failed_destroy_resumed_does_not_destroy_again_what_it_destroyed(tmp_path: Path) -> None:
    from tests.helpers.clirun import script as stackgraph

    bench = Bench(tmp_path, GRAPH, {})
    folder = tmp_path / "bin"
    env = fake_pulumi_cli(folder, sorted(GRAPH), {"b/dev": "boom"})
    first = stackgraph("destroy", bench.root, "--yes", "-p", "1", env=env)
    assert first.code == 1, first.stderr
    assert destroyed(folder) == ["d/dev", "c/dev", "b/dev", "x/dev"]  # reversed: dependents first; a/dev not run
    run_id = bench.report()["stacks"][0]["log"].split("/")[2]
    (folder / "fail.json").write_text("{}")  # fixed
    done = stackgraph("destroy", bench.root, "--yes", "-p", "1", "--resume", env=env)
    assert done.code == 0, done.stderr
    assert destroyed(folder)[4:] == ["b/dev", "a/dev"]  # d, c and x are not destroyed again
    assert statuses(bench) == {
        "a/dev": ("succeeded", None),
        "b/dev": ("succeeded", None),
        "c/dev": ("skipped", "resumed"),
        "d/dev": ("skipped", "resumed"),
        "x/dev": ("skipped", "resumed"),
    }
    lines = Done(done.code, done.stdout, done.stderr).lines
    for sid in ("c/dev", "d/dev", "x/dev"):
        assert skip_line(sid, run_id) in lines
    assert not list((folder / "deployed").iterdir())
