"""A small repository for the HTML tests: a chain, a fan-in, tags, an external and a dangling stack, a secret."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.repo_builder import project, stack, write_repo

CANARY = "CANARY-8d1f-do-not-leak"
"""A `secure:` config value; no page may contain it."""

SPEC = {
    "stackgraph.yaml": {"org": "acme"},
    "net/Pulumi.yaml": project("net", config={"stackgraph:tags": ["core"]}),
    "net/Pulumi.dev.yaml": stack(),
    "net/Pulumi.prod.yaml": stack(),
    "db/Pulumi.yaml": project("db"),
    "db/Pulumi.dev.yaml": stack(["net/dev"], config={"db:password": {"secure": CANARY}}, tags=["data"]),
    "cache/Pulumi.yaml": project("cache"),
    "cache/Pulumi.dev.yaml": stack(),
    "api/Pulumi.yaml": project("api", runtime="python"),
    "api/__main__.py": 'import pulumi\n\ndb = pulumi.StackReference(f"acme/db/{pulumi.get_stack()}")\n',
    "api/Pulumi.dev.yaml": stack(["cache/dev"]),
    "api/Pulumi.prod.yaml": stack(["net/prod", "acme/shared/prod"]),
    "web/Pulumi.yaml": project("web"),
    "web/Pulumi.dev.yaml": stack(["api/dev"]),
    "mon/Pulumi.yaml": project("mon"),
    "mon/Pulumi.dev.yaml": stack(["web/dev"]),
}
STACKS = ("api/dev", "api/prod", "cache/dev", "db/dev", "mon/dev", "net/dev", "net/prod", "web/dev")
OUTSIDE = {"acme/shared/prod": "external", "db/prod": "dangling"}


def html_repo(tmp: Path) -> Path:
    """Write the repository below `tmp` and return its root."""
    return write_repo(tmp / "repo", SPEC)
