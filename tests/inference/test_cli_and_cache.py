"""`why`, `scan --strict`, the JSON contract of references, and the parse cache, on real temporary repos."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.clirun import both, cli
from tests.helpers.repo_builder import project, stack, write_repo

APP = """import pulumi

config = pulumi.Config()
net = pulumi.StackReference(f"acme/networking/{config.require('netEnv')}")
vpc = net.get_output("vpcId")
"""


def _repo(tmp_path: Path, *, secret: bool = False) -> Path:
    net_env = {"secure": "AAABAnots3cr3t"} if secret else "prod"
    write_repo(
        tmp_path,
        {
            "networking/Pulumi.yaml": project("networking"),
            "networking/Pulumi.prod.yaml": stack(),
            "networking/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/Pulumi.dev.yaml": stack(config={"app:netEnv": net_env}),
            "app/__main__.py": APP,
            "web/Pulumi.yaml": project("web"),
            "web/Pulumi.dev.yaml": stack(),
        },
    )
    return tmp_path


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("parse-cache")
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(folder))
    return folder


def test_why_prints_the_evidence_with_the_config_key_and_its_file(tmp_path: Path) -> None:
    out = cli("why", _repo(tmp_path), "app/dev", "networking/prod")
    assert (out.code, out.stdout) == (
        0,
        "app/dev depends on networking/prod directly (deploy networking/prod first)\n"
        "app/dev -> networking/prod\n"
        "    code: app/__main__.py:4 StackReference(f\"acme/networking/{config.require('netEnv')}\")"
        " with app:netEnv from app/Pulumi.dev.yaml\n",
    )


def test_why_either_order_and_independent_stacks(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    assert cli("why", repo, "networking/prod", "app/dev").stdout.startswith("app/dev depends on networking/prod")
    out = cli("why", repo, "web/dev", "app/dev")
    assert (out.code, out.stdout) == (1, "web/dev and app/dev are independent: neither depends on the other\n")


def test_why_names_an_unknown_stack(tmp_path: Path) -> None:
    out = cli("why", _repo(tmp_path), "app/dev", "networking/qa")
    assert out.code == 2
    assert "'networking/qa' is no stack of" in out.stderr
    assert "did you mean 'networking/dev'?" in out.stderr


def test_why_a_stack_and_itself_says_it_is_the_same_stack(tmp_path: Path) -> None:
    for out in both("why", _repo(tmp_path), "app/dev", "app/dev"):
        assert (out.code, out.stdout, out.stderr) == (
            2,
            "",
            "stackgraph: error: 'app/dev' and 'app/dev' are the same stack; name two different stacks to see "
            "what links them\n",
        )


def test_scan_strict_fails_only_when_a_reference_is_unresolved(tmp_path: Path) -> None:
    resolved = cli("scan", _repo(tmp_path / "a"), "--strict")
    assert resolved.code == 0
    unresolved = cli("scan", _repo(tmp_path / "b", secret=True), "--strict", "--format", "json")
    assert unresolved.code == 1
    assert "1 stack reference(s) could not be resolved (--strict)" in unresolved.stderr
    assert "s3cr3t" not in unresolved.stdout + unresolved.stderr
    ref = json.loads(unresolved.stdout)["references"][0]
    assert ref == {
        "site": "app/__main__.py:4",
        "project_path": "app",
        "stack": "dev",
        "resolved": False,
        "target": None,
        "target_id": None,
        "outputs": ["vpcId"],
        "reason": "cannot resolve 'acme/networking/<config netEnv>': "
        "config key 'app:netEnv' is a secret value (app/Pulumi.dev.yaml)",
        "candidates": [],
        "reads_open": None,
    }


def test_the_json_reference_of_a_resolved_site(tmp_path: Path) -> None:
    out = cli("scan", _repo(tmp_path), "--format", "json")
    refs = json.loads(out.stdout)["references"]
    assert refs == [
        {
            "site": "app/__main__.py:4",
            "project_path": "app",
            "stack": "dev",
            "resolved": True,
            "target": {"org": "acme", "project": "networking", "stack": "prod"},
            "target_id": "networking/prod",
            "outputs": ["vpcId"],
            "reason": "",
            "candidates": [],
            "reads_open": None,
        }
    ]


def test_a_file_that_does_not_parse_is_reported_not_fatal(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "app" / "__main__.py").write_text("import pulumi\nref = pulumi.StackReference(\n", encoding="utf-8")
    found = scan(repo)
    assert [(d.code, d.file) for d in found.diagnostics] == [("unparsed", "app/__main__.py")]
    assert found.references == ()


def test_an_unchanged_repo_is_read_from_the_cache_and_a_corrupt_entry_is_rewritten(
    tmp_path: Path, _cache: Path
) -> None:
    repo = _repo(tmp_path)
    first = scan(repo)
    [pack] = sorted(p for p in _cache.rglob("parse/*/*.json"))  # one pack for the repository
    [entry] = json.loads(pack.read_text(encoding="utf-8"))["entries"].values()  # one file mentions a reference
    assert list(entry) == ["FileFacts"]
    inode = pack.stat().st_ino
    assert scan(repo).references == first.references
    assert pack.stat().st_ino == inode  # read, not rewritten (a write renames a new file into place)
    damaged = ([], "[]", {"FileFacts": "x"}, {"FileFacts": []}, {"Lit": ["x"]}, {"Nope": []}, {"Lit": [], "x": 1})
    corrupt = [
        "{not json",
        '{"entries": {"x": 1}}',
        *(json.dumps({"entries": dict.fromkeys(_keys(pack), d)}) for d in damaged),
    ]
    for text in corrupt:
        pack.write_text(text, encoding="utf-8")
        assert scan(repo).references == first.references
        assert [list(e) for e in json.loads(pack.read_text(encoding="utf-8"))["entries"].values()] == [["FileFacts"]]


def _keys(pack: Path) -> list[str]:
    return list(json.loads(pack.read_text(encoding="utf-8"))["entries"])


def test_a_pack_keeps_what_its_last_scan_used_one_pack_per_repository(tmp_path: Path, _cache: Path) -> None:
    repo = _repo(tmp_path / "one")
    scan(repo)
    [pack] = _cache.rglob("parse/*/*.json")
    before = _keys(pack)
    main = repo / "app" / "__main__.py"
    main.write_text(main.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    scan(repo)
    after = _keys(pack)
    assert len(after) == 1 and after != before  # the old text's entry went with the scan that no longer used it
    scan(_repo(tmp_path / "two"))
    assert len(list(_cache.rglob("parse/*/*.json"))) == 2


def _parses_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from now on (the parse cache's misses), in order."""
    from stackgraph.inference import sources

    parsed: list[str] = []
    real = sources.finder

    def counting(language: str):  # type: ignore[no-untyped-def]
        parse = real(language)
        return lambda text, file: parsed.append(file) or parse(text, file)

    monkeypatch.setattr(sources, "finder", counting)
    return parsed


def test_an_unchanged_file_is_never_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    parsed = _parses_counted(monkeypatch)
    repo = _repo(tmp_path)
    first = scan(repo)
    assert parsed == ["app/__main__.py"]
    assert scan(repo) == first and parsed == ["app/__main__.py"]


def test_a_read_only_cache_only_slows_a_scan(tmp_path: Path, _cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stackgraph.cache import store

    def refuse(*a: object, **k: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(store, "write_atomic", refuse)
    repo = _repo(tmp_path)
    assert len(scan(repo).references) == 1
    assert list(_cache.rglob("parse/*/*.json")) == []


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    assert scan(repo).references[0].target_id == "networking/prod"
    main = repo / "app" / "__main__.py"
    main.write_text(main.read_text(encoding="utf-8").replace("netEnv')}", "netEnv')}-x"), encoding="utf-8")
    assert scan(repo).references[0].target_id is None


def test_the_cache_can_be_switched_off(tmp_path: Path, _cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    assert len(scan(_repo(tmp_path)).references) == 1
    assert list(_cache.rglob("*.json")) == []


def test_open_reads_survive_the_parse_and_result_caches(
    tmp_path: Path, _cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stackgraph.cache import results

    parsed = _parses_counted(monkeypatch)
    monkeypatch.setattr(results, "MIN_FILES", 1)
    repo = _repo(tmp_path)
    main = repo / "app" / "__main__.py"
    main.write_text(APP + "everything = net.outputs.apply(lambda o: o)\n", encoding="utf-8")
    first = scan(repo)
    assert [r.reads_open for r in first.references] == ["`net.outputs.apply(lambda o: o)` at app/__main__.py:6"]
    assert scan(repo) == first  # from the result cache
    (repo / "web" / "Pulumi.dev.yaml").write_text("config: {}\n", encoding="utf-8")  # the result is made again...
    assert scan(repo) == first  # ... from the parse cache's facts
    assert parsed == ["app/__main__.py"]


def test_facts_with_signatures_and_overloads_round_trip_and_old_entries_are_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signatures of Java and C# methods (and `Overloads`, `OneOf`) are stored and read back as they were; an
    entry written by other inference code lives under another code digest, so it is never read."""
    from stackgraph.inference import cache, sources

    corpus = Path(__file__).parent / "corpus"
    for language, folder in (("java", "java/overloads"), ("csharp", "csharp/overloads")):
        for path in sorted((corpus / folder).rglob("*.java" if language == "java" else "*.cs")):
            facts = sources.finder(language)(path.read_text(encoding="utf-8"), path.name)
            assert cache.decode(json.loads(cache.encode(facts))) == facts
    kinds = {type(v).__name__ for path in (corpus / "java/overloads").rglob("*.java")
             for _, v in sources.finder("java")(path.read_text(encoding="utf-8"), path.name).symbols}  # fmt: skip
    assert "Overloads" in kinds
    now = cache.Cache(tmp_path).folder
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT - 1)
    assert cache.Cache(tmp_path).folder != now


def test_entries_of_an_older_layout_are_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Facts stored before a field was added (FORMAT 3: no `path_edits`, no `import_lines`) would decode with those
    fields empty: a sys.path edit outside the repository would go without a word. They live in another folder."""
    from stackgraph.inference import cache as parse_cache
    from stackgraph.inference import ir
    from stackgraph.inference.sources import finder

    text = 'import sys\nsys.path.append("/opt/shared")\nimport refs\n'
    with monkeypatch.context() as m:
        m.setattr(parse_cache, "FORMAT", 3)
        old = parse_cache.Cache(tmp_path, tmp_path / "repo")
        old._keep(old.key("app/__main__.py", "python", text), ir.FileFacts("app/__main__.py", "python"))
        old.save()
        assert old.has("app/__main__.py", "python", text)
    new = parse_cache.Cache(tmp_path, tmp_path / "repo")
    assert new.folder != old.folder
    assert not new.has("app/__main__.py", "python", text)
    facts = new.facts("app/__main__.py", "python", text, finder)
    assert facts.path_edits == ((2, "!/opt/shared"),)
    assert dict(facts.import_lines) == {ir.Module(ir.ModuleKind.PY, "sys"): 1, ir.Module(ir.ModuleKind.PY, "refs"): 3}
