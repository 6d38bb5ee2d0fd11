"""A field of an object a Python helper returns: `stack_info = parse_stack()`, then `stack_info.name`.

Real case (mitodl/ol-infrastructure): src/ol_infrastructure/lib/pulumi_helper.py defines a dataclass
`StackInfo(name, namespace, env_suffix, env_prefix, full_name)` and `parse_stack()`, which builds it from
`get_stack()` (`name` is the part after the last dot: `QA` of `applications.xpro.QA`); the programs write
`StackReference(f"infrastructure.aws.network.{stack_info.name}")`. Was: unresolved, "'parse_stack().name' ...
which is not a constant of the project". A field is followed when the object is made by a constructor call of a
project dataclass, NamedTuple or class whose `__init__` sets it once; anything less certain (the field set again,
`__post_init__`, a property, a base class, returns of several values) stays unresolved, saying why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Repo
from tests.helpers.repo_builder import project, stack, write_repo
from tests.inference.test_pyproject_root import POETRY

PKG = "src/ol_infrastructure"
XPRO = f"{PKG}/applications/xpro"
HELPER = '''"""Helpers for working with Pulumi stack names and stack references."""

from dataclasses import dataclass

from pulumi import get_stack


@dataclass
class StackInfo:
    """Standard information about a stack."""

    name: str
    namespace: str
    env_suffix: str
    env_prefix: str
    full_name: str


def parse_stack() -> StackInfo:
    stack = get_stack()
    stack_name = stack.split(".")[-1]
    namespace = stack.rsplit(".", 1)[0]
    return StackInfo(
        name=stack_name,
        namespace=namespace,
        env_suffix=stack_name.lower(),
        env_prefix=namespace.rsplit(".", 1)[-1],
        full_name=stack,
    )
'''
XPRO_MAIN = """from pulumi import Config, StackReference, export

from ol_infrastructure.lib.pulumi_helper import parse_stack

xpro_config = Config("xpro")
stack_info = parse_stack()
network_stack = StackReference(f"infrastructure.aws.network.{stack_info.name}")
apps_vpc = network_stack.require_output("applications_vpc")
scoped = StackReference(f"organization/ol-infrastructure-network/infrastructure.aws.network.{stack_info.name}")
export("vpc", scoped.require_output("applications_vpc"))
"""
STACKS = ("QA", "Production")
S3 = {"url": "s3://ol-infrastructure-state/pulumi"}


def ol_infra(tmp_path: Path, main: str = XPRO_MAIN, helper: str = HELPER) -> Path:
    net = f"{PKG}/infrastructure/aws/network"
    files = {
        "pyproject.toml": POETRY,
        f"{PKG}/__init__.py": "",
        f"{PKG}/lib/__init__.py": "",
        f"{PKG}/lib/pulumi_helper.py": helper,
        f"{net}/Pulumi.yaml": project("ol-infrastructure-network", runtime="python", backend=S3),
        f"{net}/__main__.py": 'import pulumi\n\npulumi.export("applications_vpc", "vpc-1")\n',
        f"{XPRO}/Pulumi.yaml": project("ol-infrastructure-xpro", runtime="python", backend=S3),
        f"{XPRO}/__main__.py": main,
    }
    for name in STACKS:
        files[f"{net}/Pulumi.infrastructure.aws.network.{name}.yaml"] = stack()
        files[f"{XPRO}/Pulumi.applications.xpro.{name}.yaml"] = stack()
    return write_repo(tmp_path / "repo", files)


def per_stack(repo: Repo) -> dict[tuple[str | None, int], str]:
    """What each reference names per stack: project/stack (a stack with no file too), else why it is unresolved."""
    return {
        (r.stack, r.line): f"{r.target.project}/{r.target.stack}" if r.target else r.reason for r in repo.references
    }


def test_the_real_helper_gives_each_stack_its_name_after_the_last_dot(tmp_path: Path) -> None:
    repo = scan(ol_infra(tmp_path))
    got = per_stack(repo)
    for name in STACKS:
        own = f"applications.xpro.{name}"
        # a one-part name: this project's stack (the legacy layout's other project is said by the dangling warning)
        assert got[(own, 7)] == f"ol-infrastructure-xpro/infrastructure.aws.network.{name}"
        assert got[(own, 9)] == f"ol-infrastructure-network/infrastructure.aws.network.{name}"
    assert sorted((e.dependent, e.dependency) for e in repo.edges) == sorted(
        (f"ol-infrastructure-xpro/applications.xpro.{name}", f"{project}/infrastructure.aws.network.{name}")
        for name in STACKS
        for project in ("ol-infrastructure-network", "ol-infrastructure-xpro")
    )
    dangling = sorted(d.message for d in repo.diagnostics if d.code == "dangling")
    assert len(dangling) == 2
    assert all("Project 'ol-infrastructure-network' has a stack 'infrastructure.aws.network." in m for m in dangling)
    [detail] = {e.evidence[0].detail for e in repo.edges if e.dependency.startswith("ol-infrastructure-network/")}
    assert detail.startswith("StackReference(f")
    assert [r.outputs for r in repo.references if r.line == 9] == [("applications_vpc",)] * 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("env_suffix", lambda name: name.lower()),  # `stack_name.lower()`
        ("full_name", lambda name: f"applications.xpro.{name}"),  # `get_stack()` itself
    ],
)
def test_other_fields_of_the_real_helper(tmp_path: Path, field: str, value: Callable[[str], str]) -> None:
    main = (
        "from pulumi import StackReference\nfrom ol_infrastructure.lib.pulumi_helper import parse_stack\n\n"
        f'StackReference(f"organization/ol-infrastructure-network/{{parse_stack().{field}}}")\n'
    )
    got = per_stack(scan(ol_infra(tmp_path, main)))
    for name in STACKS:
        assert got[(f"applications.xpro.{name}", 4)] == f"ol-infrastructure-network/{value(name)}"


def test_a_field_built_with_rsplit_is_computed_as_python_computes_it(tmp_path: Path) -> None:
    """`env_prefix` is `namespace.rsplit(".", 1)[-1]`, `namespace` the stack name's `rsplit(".", 1)[0]`: for
    `applications.xpro.QA`, `xpro`, for every stack."""
    main = XPRO_MAIN.replace("{stack_info.name}", "{stack_info.env_prefix}")
    got = per_stack(scan(ol_infra(tmp_path, main)))
    for name in STACKS:
        want = f"applications.xpro.{name}".rsplit(".", 1)[0].rsplit(".", 1)[-1]
        assert got[(f"applications.xpro.{name}", 9)].endswith(f"infrastructure.aws.network.{want}")


def app(tmp_path: Path, helper: str, main: str) -> dict[tuple[str | None, int], str]:
    """A program `app` with stacks dev and prod, its helper in lib.py, referring to project net's stacks."""
    files = {
        "net/Pulumi.yaml": project("net"),
        "net/Pulumi.dev.yaml": stack(),
        "net/Pulumi.prod.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime="python"),
        "app/Pulumi.a.dev.yaml": stack(),
        "app/Pulumi.a.prod.yaml": stack(),
        "app/lib.py": helper,
        "app/__main__.py": "import pulumi\nfrom lib import *\nfrom lib import make, Info\n\n" + main,
    }
    return per_stack(scan(write_repo(tmp_path / "repo", files)))


def both(got: dict[tuple[str | None, int], str], line: int) -> tuple[str, str]:
    return got[("a.dev", line)], got[("a.prod", line)]


RESOLVED_SHAPES = {
    "dataclass, keywords": (
        "from dataclasses import dataclass\nimport pulumi\n\n@dataclass(frozen=True)\nclass Info:\n"
        "    org: str\n    env: str\n\ndef make():\n"
        "    return Info(org='acme', env=pulumi.get_stack().split('.')[-1])\n"
    ),
    "dataclass, positional and a default": (
        "import dataclasses\nimport pulumi\n\n@dataclasses.dataclass\nclass Info:\n"
        "    env: str\n    org: str = 'acme'\n\ndef make():\n    return Info(pulumi.get_stack().split('.')[1])\n"
    ),
    "NamedTuple": (
        "from typing import NamedTuple\nimport pulumi\n\nclass Info(NamedTuple):\n"
        "    env: str\n    org: str = 'acme'\n\ndef make():\n    return Info(pulumi.get_stack()[2:])\n"
    ),
    "class with __init__, helper with a parameter": (
        "import pulumi\n\nclass Info:\n    def __init__(self, env, org='acme'):\n        self.org = org\n"
        "        self.env = env.split('.')[-1]\n\ndef make(prefix='a.'):\n"
        "    return Info(pulumi.get_stack().removeprefix(prefix))\n"
    ),
}


@pytest.mark.parametrize("helper", RESOLVED_SHAPES.values(), ids=list(RESOLVED_SHAPES))
def test_a_field_is_the_argument_bound_to_it(tmp_path: Path, helper: str) -> None:
    main = (
        "info = make()\n"
        "pulumi.StackReference(f'{info.org}/net/{info.env}')\n"
        "pulumi.StackReference(make().org + '/net/' + make().env)\n"
        "def local():\n    return f'{make().org}/net/{info.env}'\n"
        "pulumi.StackReference(local())\n"
    )
    got = app(tmp_path, helper, main)
    for line in (6, 7, 10):
        assert both(got, line) == ("net/dev", "net/prod"), line


def test_a_class_of_the_same_file_and_a_function_of_it(tmp_path: Path) -> None:
    main = (
        "from dataclasses import dataclass\n\n@dataclass\nclass Here:\n    env: str\n\n"
        "def here():\n    return Here(env=pulumi.get_stack()[2:])\n\n"
        "h = here()\npulumi.StackReference('acme/net/' + h.env)\n"
        "pulumi.StackReference('acme/net/' + Here(env='dev').env)\n"
    )
    got = app(tmp_path, "def make():\n    return 1\nclass Info:\n    pass\n", main)
    assert both(got, 15) == ("net/dev", "net/prod")
    assert both(got, 16) == ("net/dev", "net/dev")


UNCERTAIN = {
    "field set again in the program": (
        RESOLVED_SHAPES["dataclass, keywords"].replace("frozen=True", ""),
        "info = make()\ninfo.env = 'prod'\npulumi.StackReference(f'{info.org}/net/{info.env}')\n",
        "an attribute (info.env)",
    ),
    "field set again in the helper": (
        "import dataclasses\nimport pulumi\n\n@dataclasses.dataclass\nclass Info:\n    env: str\n\n"
        "def make():\n    info = Info(pulumi.get_stack())\n    info.env = 'prod'\n    return info\n",
        "pulumi.StackReference('net/' + make().env)\n",
        "'info.env', set again after Info(..) is made",
    ),
    "__post_init__": (
        "import dataclasses\nimport pulumi\n\n@dataclasses.dataclass\nclass Info:\n    env: str\n"
        "    def __post_init__(self):\n        self.env = self.env.upper()\n\n"
        "def make():\n    return Info(pulumi.get_stack())\n",
        "pulumi.StackReference('net/' + make().env)\n",
        "'env' of Info, set again in __post_init__",
    ),
    "a property": (
        "import pulumi\n\nclass Info:\n    def __init__(self, env):\n        self.raw = env\n"
        "    @property\n    def env(self):\n        return self.raw\n\n"
        "def make():\n    return Info(pulumi.get_stack())\n",
        "pulumi.StackReference('net/' + make().env)\n",
        "field 'env' of what make(..) makes (app/lib.py), which stackgraph does not find set where it is made",
    ),
    "a base class": (
        "import dataclasses\nimport pulumi\n\nclass Base:\n    pass\n\n@dataclasses.dataclass\n"
        "class Info(Base):\n    env: str\n\ndef make():\n    return Info(pulumi.get_stack())\n",
        "pulumi.StackReference('net/' + make().env)\n",
        "Info inherits from Base",
    ),
    "several returns of different values": (
        "import pulumi\nfrom typing import NamedTuple\n\nclass Info(NamedTuple):\n    env: str\n\n"
        "class Other(NamedTuple):\n    env: str\n\ndef make():\n    if pulumi.get_stack() == 'x':\n"
        "        return Other('dev')\n    return Info(pulumi.get_stack())\n",
        "pulumi.StackReference('net/' + make().env)\n",
        "make() has 2 returns",
    ),
    "a default factory": (
        "import dataclasses\n\n@dataclasses.dataclass\nclass Info:\n    env: str = dataclasses.field("
        "default_factory=lambda: 'dev')\n\ndef make():\n    return Info()\n",
        "pulumi.StackReference('net/' + make().env)\n",
        "default_factory",
    ),
    "set in a branch of __init__": (
        "import pulumi\n\nclass Info:\n    def __init__(self, env):\n        if env:\n            self.env = env\n\n"
        "def make():\n    return Info(pulumi.get_stack())\n",
        "pulumi.StackReference('net/' + make().env)\n",
        "'env' of Info, set in a branch",
    ),
    "not a field": (
        RESOLVED_SHAPES["dataclass, keywords"],
        "pulumi.StackReference('net/' + make().region)\n",
        "field 'region' of what make(..) makes (app/lib.py), which stackgraph does not find set where it is made",
    ),
}


@pytest.mark.parametrize(("helper", "main", "why"), UNCERTAIN.values(), ids=list(UNCERTAIN))
def test_an_uncertain_field_stays_unresolved_with_its_reason(tmp_path: Path, helper: str, main: str, why: str) -> None:
    got = app(tmp_path, helper, main)
    line = 5 + main.count("\n") - 1
    for reason in both(got, line):
        assert why in reason, reason
        assert not reason.startswith("net/")


def test_uncertain_fields_of_a_class_of_the_same_file(tmp_path: Path) -> None:
    """The same rules in the file that makes the object: set again after it is made, a `__post_init__`, returns
    of different values; a field of the object passed nowhere else is still its value."""
    main = (
        "import dataclasses\n\n@dataclasses.dataclass\nclass Here:\n    env: str\n    org: str = 'acme'\n"
        "    def __post_init__(self):\n        self.env = self.env.upper()\n\n"
        "@dataclasses.dataclass\nclass Kept:\n    env: str\n\n"
        "def two():\n    if pulumi.get_stack() == 'a.dev':\n        return Kept('dev')\n    return Kept('prod')\n\n"
        "k = Kept(pulumi.get_stack()[2:])\nk.env = 'dev'\n"
        "pulumi.StackReference('acme/net/' + Here(pulumi.get_stack()).env)\n"
        "pulumi.StackReference(Here('x').org + '/net/' + two().env)\n"
        "pulumi.StackReference('acme/net/' + k.env)\n"
    )
    got = app(tmp_path, "def make():\n    return 1\nclass Info:\n    pass\n", main)
    assert all("'env' of Here, set again in __post_init__() line 12" in r for r in both(got, 25))
    assert all("two() has 2 returns (which one runs is not followed)" in r for r in both(got, 26))
    assert all("an attribute (k.env)" in r for r in both(got, 27))


def test_a_field_through_a_package_that_re_exports_the_helper(tmp_path: Path) -> None:
    """`from ol_infrastructure.lib import parse_stack`, the package's `__init__.py` importing it from
    pulumi_helper: its `parse_stack().name` is pulumi_helper's."""
    main = XPRO_MAIN.replace("ol_infrastructure.lib.pulumi_helper import", "ol_infrastructure.lib import")
    root = ol_infra(tmp_path, main)
    (root / PKG / "lib/__init__.py").write_text("from .pulumi_helper import parse_stack as parse_stack\n")
    got = per_stack(scan(root))
    for name in STACKS:
        assert got[(f"applications.xpro.{name}", 9)] == f"ol-infrastructure-network/infrastructure.aws.network.{name}"
