"""tsconfig.json read as tsc reads it: `extends` as an array (TypeScript 5.0), `paths` replaced whole by the file
that sets it (resolved against the effective `baseUrl`, else that file's folder), and the tsconfig a Pulumi.yaml
names (`runtime.options.tsconfig`) in place of the project's tsconfig.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.inference.projectfiles import ModuleRoots, module_roots, read_tsconfig
from stackgraph.inference.tsconfig import ts_layout
from tests.helpers.repo_builder import project, stack, write_repo


def roots(files: dict[str, Any], rel: str = "p/tsconfig.json") -> ModuleRoots:
    texts = {k: v if isinstance(v, str) else json.dumps(v) for k, v in files.items()}
    out = ModuleRoots()
    read_tsconfig(texts.get, rel, out)
    return out


def test_extends_as_an_array_reads_every_entry_the_later_over_the_earlier() -> None:
    got = roots(
        {
            "p/tsconfig.json": {"extends": ["./base.json", "./paths"]},
            "p/base.json": {"compilerOptions": {"baseUrl": "src", "paths": {"@old/*": ["old/*"]}}},
            "p/paths.json": {"compilerOptions": {"paths": {"@lib/*": ["lib/*"]}}},
        }
    )
    assert got.js_base == "p/src"
    assert got.js_paths == {"@lib/*": ("p/src/lib/*",)}


def test_extends_array_entries_are_overridden_by_the_file_itself() -> None:
    got = roots(
        {
            "p/tsconfig.json": {"extends": ["./a.json", "./b.json"], "compilerOptions": {"baseUrl": "."}},
            "p/a.json": {"compilerOptions": {"baseUrl": "a"}},
            "p/b.json": {"compilerOptions": {"baseUrl": "b"}},
        }
    )
    assert got.js_base == "p"


def test_extends_array_keeps_the_hop_limit() -> None:
    files: dict[str, Any] = {"p/tsconfig.json": {"extends": ["./c1.json"]}}
    for i in range(1, 6):
        files[f"p/c{i}.json"] = {"extends": [f"./c{i + 1}.json"], "compilerOptions": {"paths": {f"@{i}/*": ["x/*"]}}}
    files["p/c1.json"]["compilerOptions"] = {}
    files["p/c3.json"]["compilerOptions"] = {"baseUrl": "deep"}
    files["p/c4.json"]["compilerOptions"] = {"baseUrl": "deeper"}  # four hops away: not read
    got = roots(files)
    assert got.js_base == "p/deep"
    assert got.js_paths == {"@2/*": ("p/deep/x/*",)}


def test_the_files_own_paths_replace_those_it_extends() -> None:
    got = roots(
        {
            "p/tsconfig.json": {"extends": "./base.json", "compilerOptions": {"paths": {"@app/*": ["app/*"]}}},
            "p/base.json": {"compilerOptions": {"paths": {"@lib/*": ["lib/*"], "@app/*": ["other/*"]}}},
        }
    )
    assert got.js_paths == {"@app/*": ("p/app/*",)}


def test_inherited_paths_resolve_against_the_baseurl_of_the_file_that_extends() -> None:
    """tsc: `paths` are relative to the effective `baseUrl` when one is set, wherever it was set."""
    got = roots(
        {
            "p/tsconfig.json": {"extends": "../tsconfig.base.json", "compilerOptions": {"baseUrl": "."}},
            "tsconfig.base.json": {"compilerOptions": {"paths": {"@lib/*": ["lib/*"]}}},
        }
    )
    assert (got.js_base, got.js_paths) == ("p", {"@lib/*": ("p/lib/*",)})


def test_own_paths_resolve_against_an_inherited_baseurl() -> None:
    got = roots(
        {
            "p/tsconfig.json": {"extends": "../tsconfig.base.json", "compilerOptions": {"paths": {"@x/*": ["x/*"]}}},
            "tsconfig.base.json": {"compilerOptions": {"baseUrl": "src"}},
        }
    )
    assert (got.js_base, got.js_paths) == ("src", {"@x/*": ("src/x/*",)})


def test_paths_without_any_baseurl_resolve_against_the_file_that_defines_them() -> None:
    got = roots(
        {
            "p/tsconfig.json": {"extends": "../tsconfig.base.json"},
            "tsconfig.base.json": {"compilerOptions": {"paths": {"@lib/*": ["lib/*"]}}},
        }
    )
    assert (got.js_base, got.js_paths) == (None, {"@lib/*": ("lib/*",)})


def test_ts_layout_follows_an_extends_array() -> None:
    texts = {
        "p/tsconfig.json": json.dumps({"extends": ["./a.json", "./b.json"], "include": ["src"]}),
        "p/a.json": json.dumps({"compilerOptions": {"outDir": "a", "rootDir": "src", "allowJs": True}}),
        "p/b.json": json.dumps({"compilerOptions": {"outDir": "b"}}),
    }
    got = ts_layout(texts.get, "p/tsconfig.json")
    assert got is not None
    assert (got.out_dir, got.root_dir, got.allow_js, got.include) == ("p/b", "p/src", True, ("p/src",))


def test_module_roots_read_the_tsconfig_pulumi_names() -> None:
    texts = {
        "p/tsconfig.json": json.dumps({"compilerOptions": {"paths": {"@lib/*": ["wrong/*"]}}}),
        "p/config/tsconfig.pulumi.json": json.dumps({"compilerOptions": {"paths": {"@lib/*": ["../lib/*"]}}}),
    }
    got = module_roots(texts.get, "p", [], {}, tsconfig="config/tsconfig.pulumi.json")
    assert got.js_paths == {"@lib/*": ("p/lib/*",)}
    assert module_roots(texts.get, "p", [], {}).js_paths == {"@lib/*": ("p/wrong/*",)}


REF = 'import * as pulumi from "@pulumi/pulumi";\nexport const net = new pulumi.StackReference("acme/net/dev");\n'
INDEX = 'import { net } from "@refs/net";\nexport const vpcId = net.getOutput("vpcId");\n'


@pytest.mark.parametrize("named", [True, False], ids=["named", "default"])
def test_a_pulumi_project_reads_its_aliases_from_the_tsconfig_it_names(tmp_path: Path, named: bool) -> None:
    """`runtime.options.tsconfig` (PULUMI_NODEJS_TSCONFIG_PATH) is the tsconfig the program is compiled with."""
    runtime: Any = {"name": "nodejs", "options": {"tsconfig": "tsconfig.pulumi.json"}} if named else "nodejs"
    spec = {
        "p/Pulumi.yaml": project("p", runtime=runtime),
        "p/Pulumi.dev.yaml": stack(),
        "p/index.ts": INDEX,
        "p/lib/refs/net.ts": REF,
        "p/tsconfig.json": json.dumps({"compilerOptions": {"paths": {"@refs/*": ["nowhere/*"]}}}),
        "p/tsconfig.pulumi.json": json.dumps({"compilerOptions": {"paths": {"@refs/*": ["lib/refs/*"]}}}),
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    refs = [(r.file, r.outputs, "alias not followed" in r.reads_open) for r in repo.references]
    assert refs == [("p/lib/refs/net.ts", ("vpcId",) if named else (), not named)], repo.references


def alias_program(runtime: Any, **files: str) -> dict[str, Any]:
    return {
        "p/Pulumi.yaml": project("p", runtime=runtime),
        "p/Pulumi.dev.yaml": stack(),
        "p/index.ts": INDEX,
        "p/lib/refs/net.ts": REF,
        **{f"p/{k}": v for k, v in files.items()},
    }


GOOD_PATHS = json.dumps({"compilerOptions": {"paths": {"@refs/*": ["lib/refs/*"]}}})


@pytest.mark.parametrize("named", ["tsconfig.pulumi.json", "config/missing.json", "../../out.json", "/etc/ts.json"])
def test_a_named_tsconfig_not_read_is_said_and_not_replaced_by_tsconfig_json(tmp_path: Path, named: str) -> None:
    """Pulumi's Node.js host gives ts-node the named file only (`skipProject` when it does not exist: no tsconfig at
    all, never tsconfig.json); the program's aliases are then not known: a warning on Pulumi.yaml names the file."""
    runtime = {"name": "nodejs", "options": {"typescript": True, "tsconfig": named}}
    repo = scan(write_repo(tmp_path / "repo", alias_program(runtime, **{"tsconfig.json": GOOD_PATHS})))
    said = [(d.severity, d.code, d.line, d.message) for d in repo.diagnostics if d.file == "p/Pulumi.yaml"]
    assert len(said) == 1, said
    severity, code, at, message = said[0]
    assert (severity, code, at) == ("warning", "not-followed", 6)  # the line of `tsconfig:`
    assert f"`runtime.options.tsconfig` names {named}" in message and "not tsconfig.json" in message, message
    assert list(repo.references) == []  # the alias tsconfig.json maps is not taken instead: `@refs/net` is a package


@pytest.mark.parametrize("runtime", ["nodejs", {"name": "nodejs", "options": {"tsconfig": "tsconfig.pulumi.json"}}])
def test_a_tsconfig_that_is_read_is_not_said(tmp_path: Path, runtime: Any) -> None:
    files = {"tsconfig.json": GOOD_PATHS, "tsconfig.pulumi.json": GOOD_PATHS}
    repo = scan(write_repo(tmp_path / "repo", alias_program(runtime, **files)))
    assert [d for d in repo.diagnostics if d.file == "p/Pulumi.yaml"] == []
    assert [r.outputs for r in repo.references] == [("vpcId",)]


def test_bun_ignores_the_tsconfig_option_and_nothing_is_said(tmp_path: Path) -> None:
    """Pulumi's host drops `tsconfig` for Bun (Bun finds its tsconfig.json itself)."""
    runtime = {"name": "bun", "options": {"tsconfig": "missing.json"}}
    repo = scan(write_repo(tmp_path / "repo", alias_program(runtime, **{"tsconfig.json": GOOD_PATHS})))
    assert [d for d in repo.diagnostics if d.file == "p/Pulumi.yaml"] == []
    assert [r.outputs for r in repo.references] == [("vpcId",)]


@pytest.mark.parametrize("key", ["paths", "baseUrl"])
def test_null_resets_what_the_file_extends(key: str) -> None:
    """tsc (TypeScript 2.6+): an option set to null in a tsconfig is unset, whatever the files it extends say."""
    base = {"compilerOptions": {"baseUrl": "src", "paths": {"@lib/*": ["lib/*"]}}}
    got = roots({"p/tsconfig.json": {"extends": "./base.json", "compilerOptions": {key: None}}, "p/base.json": base})
    if key == "paths":
        assert (got.js_base, got.js_paths) == ("p/src", {})
    else:  # paths kept, now against the folder of the file that sets them
        assert (got.js_base, got.js_paths) == (None, {"@lib/*": ("p/lib/*",)})


def test_null_paths_then_paths_of_the_file_that_extends_it() -> None:
    got = roots(
        {
            "p/tsconfig.json": {"extends": "./mid.json", "compilerOptions": {"paths": {"@x/*": ["x/*"]}}},
            "p/mid.json": {"extends": "./base.json", "compilerOptions": {"paths": None, "baseUrl": None}},
            "p/base.json": {"compilerOptions": {"baseUrl": "src", "paths": {"@lib/*": ["lib/*"]}}},
        }
    )
    assert (got.js_base, got.js_paths) == (None, {"@x/*": ("p/x/*",)})


@pytest.mark.parametrize("reset", [True, False])
def test_null_paths_in_a_program_drops_the_inherited_alias(tmp_path: Path, reset: bool) -> None:
    """Without the alias, `@refs/net` is a package of node_modules (as tsc resolves it): lib/refs/net.ts is not run."""
    own: dict[str, Any] = {"extends": "./base.json", **({"compilerOptions": {"paths": None}} if reset else {})}
    repo = scan(
        write_repo(
            tmp_path / "repo", alias_program("nodejs", **{"tsconfig.json": json.dumps(own), "base.json": GOOD_PATHS})
        )
    )
    assert [r.outputs for r in repo.references] == ([] if reset else [("vpcId",)])
    ignored = [d.message for d in repo.diagnostics if d.file == "p/lib/refs/net.ts"]
    assert ignored == (["StackReference in a module the program never imports; ignored"] if reset else [])


@pytest.mark.parametrize("key", ["outDir", "rootDir"])
def test_null_out_dir_or_root_dir_resets_the_layout(key: str) -> None:
    texts = {
        "p/tsconfig.json": json.dumps({"extends": "./base.json", "compilerOptions": {key: None}}),
        "p/base.json": json.dumps({"compilerOptions": {"outDir": "dist", "rootDir": "src"}}),
    }
    got = ts_layout(texts.get, "p/tsconfig.json")
    assert got is not None
    want = {"outDir": (None, "p/src"), "rootDir": ("p/dist", None)}[key]
    assert (got.out_dir, got.root_dir) == want


BUILT = {
    "src/index.ts": 'import { net } from "./refs";\nexport const vpcId = net.getOutput("vpcId");\n',
    "src/refs.ts": REF,
}
DIST = json.dumps({"compilerOptions": {"outDir": "dist", "rootDir": "src"}})
ELSEWHERE = json.dumps({"compilerOptions": {"outDir": "out", "rootDir": "src"}})


@pytest.mark.parametrize(
    ("files", "source"),
    [
        ({"tsconfig.json": ELSEWHERE, "tsconfig.build.json": DIST}, "p/src/index.ts"),
        ({"tsconfig.json": DIST, "tsconfig.build.json": ELSEWHERE}, None),  # tsconfig.json's outDir is not used
        ({"tsconfig.json": DIST}, None),  # the named file is missing: nothing maps the built entry
    ],
    ids=["named-maps", "named-does-not-map", "named-missing"],
)
def test_a_built_main_is_mapped_through_the_tsconfig_pulumi_names(
    tmp_path: Path, files: dict[str, str], source: str | None
) -> None:
    runtime = {"name": "nodejs", "options": {"tsconfig": "tsconfig.build.json"}}
    spec = {
        "p/Pulumi.yaml": project("p", runtime=runtime, main="dist/index.js"),
        "p/Pulumi.dev.yaml": stack(),
        **{f"p/{k}": v for k, v in {**BUILT, **files}.items()},
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    got = repo.exports_by_path()["p"]
    said = [d.message for d in repo.diagnostics if d.file == "p/Pulumi.yaml"]
    if source is not None:
        assert (got.complete, got.exported()) == (True, {"vpcId"})
        assert len(said) == 1 and f"{source} is read in its place" in said[0], said
        assert "by p/tsconfig.build.json" in said[0], said
    else:
        assert not got.complete
        unread = "the entry module `dist/index.js` (`main` of p/Pulumi.yaml) is in a folder the scan skips"
        assert any(m.startswith(unread) for m in said), said
