"""tsconfig.json read as tsc reads it: `extends` as an array (TypeScript 5.0), `paths` replaced whole by the file
that sets it (resolved against the effective `baseUrl`, else that file's folder), and the tsconfig a Pulumi.yaml
names (`runtime.options.tsconfig`) in place of the project's tsconfig.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.inference.projectfiles import ModuleRoots, module_roots, read_tsconfig, ts_layout
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
