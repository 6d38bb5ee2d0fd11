"""Our Mermaid output passes the real Mermaid parser (mermaid 11 under Node, see tests/mermaid/).

In CI (CI=true) a missing Node or parser fails this test; elsewhere it skips and says how to install it.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers.clirun import cli
from tests.helpers.goldens import MERMAID_SMALL
from tests.helpers.mermaid import node as _node
from tests.helpers.mermaid import parse
from tests.helpers.repo_builder import write_repo
from tests.helpers.specs import EXAMPLES, extras_spec

ARGS = {
    "examples-env": (EXAMPLES, "--cluster", "env"),
    "examples-project": (EXAMPLES, "--cluster", "project"),
    "examples-none": (EXAMPLES, "--cluster", "none"),
    "examples-reduced-dev": (EXAMPLES, "--reduce", "--env", "dev"),
}


def test_mermaid_output_parses(tmp_path: Path) -> None:
    node = _node()
    diagrams: dict[str, str] = {"golden-small": MERMAID_SMALL}
    for name, args in ARGS.items():
        out = cli("graph", args[0], "-f", "mermaid", *args[1:])
        assert out.code == 0, out.stderr
        diagrams[name] = out.stdout
    extras = write_repo(tmp_path / "extras", extras_spec())  # dotted stack names, nesting, external nodes
    for cluster in ("env", "project", "none"):
        out = cli("graph", extras, "-f", "mermaid", "--cluster", cluster)
        assert out.code == 0, out.stderr
        assert "(external)" in out.stdout
        diagrams[f"extras-{cluster}"] = out.stdout
    # The check can fail: the same diagram with a broken node label is rejected.
    diagrams["broken"] = diagrams["examples-env"].replace('["api/dev"]', '["api/dev"', 1)
    assert diagrams["broken"] != diagrams["examples-env"]
    files = []
    for name, text in diagrams.items():
        path = tmp_path / f"{name}.mmd"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    code, results = parse(node, files)
    assert code == 1
    assert {name: (r["ok"], r["type"]) for name, r in results.items()} == {
        **{f"{name}.mmd": (True, "flowchart-v2") for name in diagrams if name != "broken"},
        "broken.mmd": (False, None),
    }
    assert "Parse error" in str(results["broken.mmd"]["error"])
