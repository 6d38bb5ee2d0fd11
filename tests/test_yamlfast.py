"""The fast YAML reader reads exactly what libyaml reads, or declines.

Whenever `yamlfast.read` answers, the data (with the exact types, recursively) and the lines of every value
and key equal those of the libyaml path, for every YAML file of examples/ and tests/ and for thousands of
generated documents mixing the subset with everything it must decline. And it does answer for the files
of a typical Pulumi repository.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from stackgraph import yamlfast, yamlio
from stackgraph.errors import InputError

ROOT = Path(__file__).resolve().parents[1]

STACK = """\
config:
  aws:region: eu-west-1
  auth-db-1437:replicas: 1
  auth-db-1437:apiToken:
    secure: AAABAM001437devc2VjcmV0LXZhbHVlLW5ldmVyLXByaW50ZWQ=
  auth-db-1437:labels:
    team: team-9
  stackgraph:dependsOn:
    - queue-jobs-0307/dev
    - reports-edge-0379/dev
"""

PROJECT = """\
name: catalog-core-0813
runtime:
  name: nodejs
  options:
    typescript: true
    packagemanager: npm
description: The catalog-core-0813 service of the estate (generated for the benchmark).
config:
  region:
    type: string
    default: eu-west-1
  replicas:
    type: integer
    default: 2
  catalog-core-0813:owner:
    value: team-14
"""


def _same_value(a: Any, b: Any) -> bool:
    """Equal values of equal types, recursively (NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_value(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _paths(node: yaml.Node, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every path of keys and indexes in a node tree, the root's first."""
    yield path
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _paths(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _paths(item, (*path, i))


def _check(text: str) -> bool:
    """Assert that the fast reader, where it answers, agrees with libyaml; return whether it answered."""
    fast = yamlfast.read(text)
    if fast is None:
        return False
    try:
        slow = yamlio._libyaml(text, "t.yaml")
    except InputError as exc:
        pytest.fail(f"the fast reader read what libyaml refuses ({exc}):\n{text}")
    doc = yamlio.loads(text, "t.yaml")
    assert doc.lines is not None
    assert _same_value(doc.data, slow.data), f"{doc.data!r} != {slow.data!r}:\n{text}"
    assert slow.node is not None
    paths = list(_paths(slow.node))
    assert sorted(map(repr, doc.lines)) == sorted(map(repr, paths)), text
    for path in paths:
        assert doc.line_of(*path) == slow.line_of(*path), f"line_of{path}:\n{text}"
        if path:
            assert doc.line_of_key(*path) == slow.line_of_key(*path), f"line_of_key{path}:\n{text}"  # type: ignore[arg-type]
        for missing in ("nope", 99):
            assert doc.line_of(*path, missing) == slow.line_of(*path, missing) is None
    assert _tree(doc.node) == _tree(slow.node), text  # composed alone, the same tree as libyaml's full load
    return True


def _tree(node: yaml.Node | None) -> Any:
    """A node tree as plain data: each node's class, tag, style, start and end marks, and its children or value."""
    if node is None:
        return None
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    head = (type(node).__name__, node.tag, getattr(node, "style", None), getattr(node, "flow_style", None), marks)
    if isinstance(node, yaml.MappingNode):
        return (head, [(_tree(k), _tree(v)) for k, v in node.value])
    if isinstance(node, yaml.SequenceNode):
        return (head, [_tree(item) for item in node.value])
    return (head, node.value)


def test_typical_pulumi_files_take_the_fast_path() -> None:
    assert _check(STACK) and _check(PROJECT)
    doc = yamlio.loads(STACK, "Pulumi.dev.yaml")
    assert doc.data["config"]["auth-db-1437:replicas"] == 1
    assert doc.line_of("config") == 2
    assert doc.line_of("config", "auth-db-1437:apiToken") == 5
    assert doc.line_of_key("config", "auth-db-1437:apiToken") == 4
    assert doc.line_of("config", "stackgraph:dependsOn", 1) == 10
    assert doc.line_of_key("config", "stackgraph:dependsOn", 1) is None


YAML_PROGRAM = """name: web
runtime: yaml
resources:
  net:
    type: pulumi:pulumi:StackReference
    properties:
      name: ${pulumi.organization}/networking/${pulumi.stack}
  bucket:
    type: aws:s3:Bucket
    properties:
      tags: {team: web}
outputs:
  vpcId: ${net.outputs["vpcId"]}
  url: https://web.${pulumi.stack}.example.com
"""


def test_yaml_programs_interpolations_take_the_fast_path() -> None:
    program = YAML_PROGRAM.replace("{team: web}", "[web]")  # a flow mapping is left to libyaml
    assert yamlfast.read(YAML_PROGRAM) is None and yamlfast.read(program) is not None
    assert _check(program) and not _check(YAML_PROGRAM)  # read the same as libyaml reads it; the other declined
    doc = yamlio.loads(program, "Pulumi.yaml")
    assert doc.data["resources"]["net"]["properties"]["name"] == "${pulumi.organization}/networking/${pulumi.stack}"
    assert doc.data["outputs"]["vpcId"] == '${net.outputs["vpcId"]}' and doc.line_of("outputs", "vpcId") == 13


def test_the_node_tree_of_a_fast_document_is_composed_when_asked_for() -> None:
    doc = yamlio.loads(PROJECT, "Pulumi.yaml")
    assert doc.lines is not None and isinstance(doc.node, yaml.MappingNode)
    assert [k.value for k, _ in doc.node.value] == ["name", "runtime", "description", "config"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True), ("False", False), ("TRUE", True), ("~", None), ("null", None), ("NULL", None),
        ("yes", "yes"), ("no", "no"), ("on", "on"), ("OFF", "OFF"), ("y", "y"), ("n", "n"), ("=", "="),
        ("<<", "<<"), ("1", 1), ("-1", -1), ("+1", 1), ("0", 0), ("1_000", 1000), ("017", 15), ("0o17", 15),
        ("0x1F", 31), ("0b101", 5), ("-0b101", -5), ("1:30", "1:30"), ("190:20:30", "190:20:30"),
        ("9223372036854775807", 2**63 - 1), ("18446744073709551615", 2**64 - 1),
        ("18446744073709551616", 2.0**64), ("-9223372036854775809", -(2.0**63)), ("1" * 5000, "1" * 5000),
        ("1.5", 1.5), ("1e3", 1000.0), ("08", 8.0), (".5", 0.5), ("1.", 1.0), ("1e400", "1e400"),
        (".inf", math.inf), ("-.Inf", -math.inf), ("0x", "0x"), ("-x", "-x"), (".", "."), (".5_0", ".5_0"),
        ("2001-12-14", "2001-12-14"), ("2001-02-30", "2001-02-30"), ("2024-01-01 25:00:00", "2024-01-01 25:00:00"),
    ],
)  # fmt: skip
def test_plain_scalars_are_typed_as_pulumi_types_them(text: str, value: Any) -> None:
    """YAML 1.2's core schema as Go's yaml.v3 reads it (what Pulumi reads), not PyYAML's YAML 1.1."""
    assert _same_value(yamlfast.plain(text), value)
    assert _same_value(yamlio._libyaml(f"a: {text}\n", "t.yaml").data, {"a": value})
    assert _same_value(yamlio._libyaml(f"a: [{text}]\n", "t.yaml").data, {"a": [value]})


def test_nan_is_a_float() -> None:
    assert math.isnan(yamlfast.plain(".NaN")) and math.isnan(yamlio._libyaml("a: .nan", "t").data["a"])


@pytest.mark.parametrize(
    "text",
    [
        "on: 1\nyes: 2\n",  # booleans in YAML 1.1, two keys in Pulumi
        "NO: 1\noff: 2\n",
        "1: a\n1.0: b\n",
        "null: a\n~: b\n",
        "1: a\ntrue: b\n",
        "a: =\nb: <<\n",
        "a: 2001-02-30\nb: 2024-13-01\nc: 2024-01-01 25:00:00\n",
        "a: " + "9" * 5000 + "\n",
    ],
)
def test_what_yaml_1_1_types_reads_the_same_on_both_paths(text: str) -> None:
    assert _check(text)
    data = yamlio._libyaml(text.replace(": ", ":  "), "t.yaml").data  # two spaces: not the fast reader's rows
    assert all(type(k) is str for k in data) and len(data) == text.count("\n")


def test_keys_are_their_text_everywhere() -> None:
    text = "a:\n  on: push\n  1.0: x\n  ~: y\nb: {yes: no, 1: 2, null: 3}\nc: !!set {on, 1}\n"
    assert yamlio.loads(text, "t").data == {
        "a": {"on": "push", "1.0": "x", "~": "y"}, "b": {"yes": "no", "1": 2, "null": 3}, "c": {"on", 1}
    }  # fmt: skip
    merged = yamlio.loads("base: &b {1: a, on: b}\nc:\n  <<: *b\n  on: c\n", "t").data
    assert merged["c"] == {"1": "a", "on": "c"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int abc", "invalid value for !!int at column 10"),
        ("!!int 1.5", "invalid value for !!int at column 10"),
        ("!!float abc", "invalid value for !!float at column 10"),
        ("!!bool maybe", "invalid value for !!bool at column 10"),
        ("!!bool yes", "invalid value for !!bool at column 10"),
        ("!!null x", "invalid value for !!null at column 10"),
        ("!!timestamp nope", "invalid value for !!timestamp at column 10"),
        ("!!timestamp 2001-02-30", "invalid value for !!timestamp at column 10"),
        ("!!int " + "1" * 5000, "invalid value for !!int at column 10"),
        ("{!!int abc: 1}", "invalid value for !!int at column 11"),
        ("!!set {!!int abc}", "invalid value for !!int at column 17"),
    ],
)
def test_a_value_its_tag_does_not_fit_is_refused_with_its_line(value: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        yamlio.loads(f"config:\n  app:x: {value}\n", "Pulumi.dev.yaml")
    assert str(info.value) == f"Pulumi.dev.yaml:2: invalid YAML: {message}; fix the value or remove the tag"


@pytest.mark.parametrize("tag", ["!!int", "!!float", "!!bool", "!!null", "!!timestamp"])
def test_a_secret_its_tag_does_not_fit_is_never_shown(tag: str) -> None:
    """A `secure:` value is ciphertext: an error about it names the file, line, tag and column, not the value."""
    cipher = "AAABAKr3pZbMfFq9Y2VjcmV0LXZhbHVl"
    with pytest.raises(InputError) as info:
        yamlio.loads(f"config:\n  app:token:\n    secure: {tag} {cipher}\n", "Pulumi.dev.yaml")
    assert str(info.value).startswith(f"Pulumi.dev.yaml:3: invalid YAML: invalid value for {tag} at column 13")
    assert cipher not in str(info.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("!!int 0x1F", 31), ("!!float 1", 1.0), ("!!bool True", True), ("!!null ~", None), ("!!str 1", "1"),
     ("!!timestamp 2001-12-14", "2001-12-14"), ("!!timestamp 2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10 -5")],
)  # fmt: skip
def test_a_value_its_tag_fits_is_read(value: str, expected: Any) -> None:
    assert _same_value(yamlio.loads(f"a: {value}\n", "t").data["a"], expected)


def test_the_yaml_files_of_the_repository_read_the_same() -> None:
    found = [p for folder in ("examples", "tests") for p in (ROOT / folder).rglob("*.y*ml") if p.is_file()]
    assert len(found) > 100
    answered = 0
    for path in found:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        answered += _check(text)
    assert answered > 20


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # twice
        "a:\nb: 1\n",  # null
        "a:\n- x\n",  # indentless
        "a:\n  - x: 1\n",  # a sequence of mappings
        "a: b\n  c\n",  # a plain scalar on two lines
        "a: 'b\n  c'\n",
        "a: b: c\n",
        "<<: 1\n",
        "\ufeffa: 1\n",
        "a: 1\r\n",
        "a:\t1\n",
        "---\na: 1\n",
        "a: [1, 2\n  ]\n",
        "a: [1, [2]]\n",
        "a: [b]x\n",
        "- [b]\n",
        "a:\n  - [b]\n",
        "a: {b: 1}\n",
        "a: &x 1\n",
        "a: !!str 1\n",
        "a: |\n  x\n",
        "'a': 1\n",
        "a : 1\n",
        "- a\n",
        "a\n",
        "# nothing\n",
        "",
        "  a: 1\n",
        "a: 'it''s'\n",
        'a: "x\\ty"\n',
        "a: 'b' c\n",
        "a: 'b'#c\n",
        "a:\n    b: 1\n  c: 2\n",
        "a:\n  - x\n  b: 1\n",
        "a:\n  - x\n   - y\n",
        "x" * 1030 + ": 1\n",
    ],
)
def test_the_fast_reader_declines(text: str) -> None:
    assert yamlfast.read(text) is None


# --- generated documents -----------------------------------------------------------------------------

KEYS = ["name", "runtime", "config", "aws:region", "app:replicas", "stackgraph:dependsOn", "a.b", "x-y", "k_1",
        "Name", "a:b:c", "url", "n", "y", "No", "key", "v2", "it's", "2x", "a'b"]  # fmt: skip
ODD_KEYS = ["on", "yes", "null", "~", "1", "0x1f", "1.5", "<<", "=", "-k", "?k", "'q'", '"q"', "a b", "a #b",
            "a:", "k ", "k" * 1030, "a[0]", "a,b", "&k", "*k", "!k", "%k", "@k", "`k", "2001-01-01", "true",
            ".inf", "é", "a#b", "a\tb", "a: b"]  # fmt: skip
VALUES = ["eu-west-1", "nodejs", "team-9", "AAABAM00c2VjcmV0LXZhbHVl==", "queue-jobs-0307/dev", "a b c", "x",
          "http://example.com:8080/x?y=1", "a:b", "a,b", "a#b", "a - b", "it's", 'say "hi"', "(parens)", "a :b",
          "a:#b", "-x", "-a-", "1", "0", "-1", "+1", "42", "007", "0o17", "0x1F", "0b101", "1_000", "1:30",
          "190:20:30", "1.5", "1e3", "1.0e+3", "-.5", ".5", ".inf", "-.Inf", ".NaN", "3.", "1__0", "yes", "No",
          "on", "OFF", "y", "n", "true", "False", "TRUE", "null", "Null", "NULL", "~", "2001-12-14",
          "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "'single'", "''", "'a # b'", "'a: b'",
          '"double"', '""', '"a # b"', "'a\\b'", "a #b", "a  # b", "[tier2, dev]", "[]", "[ ]", "[ a ]",
          "[1, true, null, ~x]", "[a,b]", "[2001-12-14, x.y, a/b, a-b, 0x1F, 1_0, y, No]", "'[a]'",
          "[a] # c", "=", "<<", "2001-02-30", "2024-01-01 25:00:00", "9" * 30, "18446744073709551616", ".5_0",
          "1e400", "08", "0o17", "+.5", "[on, off, 08, =, 1e400]", "${pulumi.stack}", "${net.outputs[\"vpcId\"]}",
          "${pulumi.organization}/net/${pulumi.stack}", "https://${app.url}:443/x", "a[0]", "a]b", "a{b}", "x}",
          "${a #b}", "${a}#b", "${a: b}", "${a:b}", "1{2}", "~{x}", "true[0]", "0x1F{a}", "${x} [y] {z}"]  # fmt: skip
"""Values of the subset (and two with a comment already); some YAML 1.1 types and PyYAML could not build."""
TRAPS = ["2001-02-30", "2001-13-01", "'it''s'", '"a\\nb"', "'a' b", "'a'#c", '"a"x', "a:", "a: b", "<<", "=",
         "&a x", "*a", "!!str 1", "!x y", "|", ">", "[a, b]", "[]", "{a: 1}", "{}", "- x", "?x", ":x", "%x",
         "@x", "`x", ",x", "#x", "-", "- -x", "a[0]", "a]b", "a{b}", "é", "a\tb", "'unclosed", '"unclosed',
         "'", "[a, b", "[a, [b]]", "[a, ]", "[,]", "[a: b]", "[a #c]", "['q']", "[a]x", "[a]#c", "[-a]", "[a b]",
         "[a, {b}]", "[?x]", "[2001-02-30]", "[<<]", "[=]", "[a]]", "[.5]", "!!int abc", "!!bool yes",
         "!!timestamp 2001-02-30", "!!float 1", "!!str 1"]  # fmt: skip
"""Values the fast reader must decline (or read as libyaml does)."""


class Generator:
    """Random documents from a small grammar: mostly the subset, with every kind of trap mixed in."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.trap = 0.0

    def document(self) -> str:
        rng = self.rng
        self.trap = rng.choice([0.0, 0.0, 0.005, 0.02, 0.1])  # how often a construct outside the subset comes
        lines: list[str] = []
        self.mapping(lines, 0, 0)
        text = "\n".join(lines) + rng.choice(["\n", "\n", "", "\n\n"])
        for _ in range(rng.choice([0, 0, 0, 0, 0, 1, 2])):
            text = self.corrupt(text)
        return text

    def key(self, used: list[str]) -> str:
        rng = self.rng
        if used and rng.random() < self.trap:
            return rng.choice(used)  # twice in one mapping
        if rng.random() < 0.05:
            return rng.choice(["on", "yes", "null", "1", "=", "2001-01-01", "true", ".inf", "1.0", "~", "NO"])  # 1.1
        if rng.random() < self.trap * 2:
            return rng.choice(ODD_KEYS)
        return rng.choice(KEYS) + rng.choice(["", str(len(used)), str(len(used))])

    def value(self) -> str:
        rng = self.rng
        value = rng.choice(TRAPS) if rng.random() < self.trap * 2 else rng.choice(VALUES)
        return value + rng.choice(["", "", "", "", " ", " # note", "  #c: d", " #"])

    def filler(self, lines: list[str], indent: int) -> None:
        rng = self.rng
        if rng.random() < 0.15:
            comment = "# comment: {'y" if rng.random() < self.trap * 5 else "# comment: [x] 'y\" - z"
            lines.append(rng.choice(["", "   ", " " * rng.randint(0, indent + 3) + comment]))

    def mapping(self, lines: list[str], indent: int, depth: int) -> None:
        rng = self.rng
        used: list[str] = []
        for _ in range(rng.randint(1, 5)):
            self.filler(lines, indent)
            key = self.key(used)
            used.append(key)
            at = indent if rng.random() >= self.trap else max(0, indent + rng.choice([-1, 1, 2]))
            head = " " * at + key + ":"
            kind = rng.choices(["scalar", "map", "seq", "empty"], [6, 2 if depth < 4 else 0, 2, self.trap * 5])[0]
            if kind == "scalar":
                lines.append(head + rng.choice([" ", " ", "  "]) + self.value())
                if rng.random() < self.trap:
                    lines.append(" " * (at + rng.randint(1, 3)) + rng.choice(VALUES[:8]))  # goes on
                continue
            lines.append(head + rng.choice(["", "", " ", " # about it", "  #"]))
            self.filler(lines, indent)
            if kind == "map":
                self.mapping(lines, at + rng.choice([1, 2, 2, 2, 4]), depth + 1)
            elif kind == "seq":
                self.sequence(lines, at + (rng.choice([2, 2, 4, 1]) if rng.random() >= self.trap else 0))

    def sequence(self, lines: list[str], indent: int) -> None:
        rng = self.rng
        for _ in range(rng.randint(1, 4)):
            self.filler(lines, indent)
            at = indent if rng.random() >= self.trap else indent + rng.choice([-1, 1])
            item = rng.choice(["-", "- # c", "- a: 1", "- - x", "-x", "- a:"])
            lines.append(" " * at + (item if rng.random() < self.trap else rng.choice(["- ", "-  "]) + self.value()))

    def corrupt(self, text: str) -> str:
        rng = self.rng
        where = rng.randint(0, len(text))
        return rng.choice(
            [
                lambda: "\ufeff" + text,
                lambda: text.replace("\n", "\r\n"),
                lambda: text[:where] + "\t" + text[where:],
                lambda: text[:where] + rng.choice(["\x00", "\x7f", "\x85", "\u2028", "é"]) + text[where:],
                lambda: "---\n" + text,
                lambda: text + "...\n",
                lambda: "%YAML 1.1\n---\n" + text,
                lambda: text[:where] + rng.choice([" ", "  ", "\n", ":", "#", "'", '"', "-", "[", "{"]) + text[where:],
                lambda: text.replace("  ", " ", 1),
            ]
        )()


def test_generated_documents_read_the_same() -> None:
    generator = Generator(seed=20261205)
    answered = declined = 0
    for _ in range(5000):
        if _check(generator.document()):
            answered += 1
        else:
            declined += 1
    assert answered > 1000 and declined > 1000, (answered, declined)  # both sides of the subset are exercised
