"""Find StackReferences in Pulumi YAML programs (`Main.json`, `Main.yaml` or `Pulumi.yaml` of a YAML project).

Sites: a resource of type `pulumi:pulumi:StackReference` (its `properties.name`,
defaulting to the resource's key; the site is the line of the key) and the older
builtin `fn::stackReference` / `Fn::StackReference: [name, output]`. Names are
interpolations of `${pulumi.stack}`, `${pulumi.project}`, `${pulumi.organization}`,
config keys (`${key}`, `${ns:key}`) and variables (strings or `fn::join`).
Outputs read are `${ref.outputs["k"]}` / `${ref.outputs.k}` and the builtin's second item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from stackgraph.errors import InputError
from stackgraph.inference import ir
from stackgraph.yamlio import loads

STACK_REF_TYPE = "pulumi:pulumi:StackReference"
_INTERP = re.compile(r"\$\$\{|\$\{([^}]*)\}")
_OUTPUT = re.compile(r"""\$\{\s*([A-Za-z0-9_-]+)\.outputs(?:\[\s*["']([^"']+)["']\s*\]|\.([A-Za-z0-9_]+))""")
_WHOLE = re.compile(r"\$\{\s*([A-Za-z0-9_-]+)\.outputs\s*\}")
"""`${net.outputs}`: the whole map of outputs, whose reads cannot be read."""
BUILTINS = {"pulumi.stack": ir.CurrentStack(), "pulumi.project": ir.CurrentProject(),
            "pulumi.organization": ir.CurrentOrg()}  # fmt: skip


def find(text: str, file: str) -> ir.FileFacts:
    """Return the facts of one YAML program file; invalid YAML gives facts with `error` set."""
    try:
        node = loads(text, file).node
    except InputError as exc:
        return ir.FileFacts(file, "yaml", error=str(exc))
    if not isinstance(node, yaml.MappingNode):
        return ir.FileFacts(file, "yaml")
    exports = tuple(ir.Exported(k.value, k.start_mark.line + 1) for k, _ in _items(_get(node, "outputs")))
    return ir.FileFacts(file, "yaml", sites=tuple(YamlFinder(node, file).sites()), exports=exports)


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                found: yaml.Node = v
                return found
    return None


def _items(node: yaml.Node | None) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]


class YamlFinder:
    def __init__(self, root: yaml.MappingNode, file: str) -> None:
        self.root = root
        self.file = file
        self.variables = {k.value: v for k, v in _items(_get(root, "variables"))}
        self.resources = {k.value for k, _ in _items(_get(root, "resources"))}
        self.defaults: dict[str, str] = {}  # `configuration:` / `config:` declarations of this file with a default
        self.declared: set[str] = set()  # every key those blocks declare
        for block in ("configuration", "config"):
            for k, v in _items(_get(root, block)):
                self.declared.add(k.value)
                default = _get(v, "default")
                if isinstance(default, yaml.ScalarNode) and k.value not in self.defaults:
                    self.defaults[k.value] = default.value
        self.opened: dict[str, str] = {}  # resource -> the first `${net.outputs}` (the whole map) and its line
        self.outputs = self._outputs()

    def _outputs(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for scalar in _scalars(self.root):
            for m in _OUTPUT.finditer(scalar.value):
                out.setdefault(m.group(1), set()).add(m.group(2) or m.group(3))
            for m in _WHOLE.finditer(scalar.value):
                self.opened.setdefault(m.group(1), f"`{m.group(0)}` at {self.file}:{scalar.start_mark.line + 1}")
        return out

    def sites(self) -> Iterator[ir.Site]:
        for key, res in _items(_get(self.root, "resources")):
            kind = _get(res, "type")
            if not (isinstance(kind, yaml.ScalarNode) and kind.value == STACK_REF_TYPE):
                continue
            name_node = _get(_get(res, "properties"), "name")
            name = self.lower(name_node, 0) if name_node is not None else ir.Lit(key.value)
            if name_node is None and _get(res, "get") is not None:  # not the key: which stack a read reads, unknown
                name = ir.Unknown(f"'{key.value}' is read with `get:`; which stack it names is not followed")
            text = _text(name_node) if name_node is not None else key.value
            reads = tuple(sorted(self.outputs.get(key.value, set())))
            why = self.opened.get(key.value, "")
            yield ir.Site(self.file, key.start_mark.line + 1, name, text, "yaml", reads, reads_open=why)
        yield from self._builtins(self.root)

    def _builtins(self, node: yaml.Node) -> Iterator[ir.Site]:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value.lower() == "fn::stackreference":
                    if isinstance(v, yaml.SequenceNode) and v.value:
                        out = v.value[1] if len(v.value) > 1 else None
                        reads = (out.value,) if isinstance(out, yaml.ScalarNode) else ()
                        name = _literal(v) or self.lower(v.value[0], 0)
                        yield ir.Site(self.file, k.start_mark.line + 1, name, _text(v.value[0]), "yaml", reads)
                    continue
                yield from self._builtins(v)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from self._builtins(item)

    def lower(self, node: yaml.Node, depth: int) -> ir.Expr:
        if depth > 20:
            return ir.Unknown("a variable defined in terms of itself")
        if isinstance(node, yaml.ScalarNode):
            return self._interpolate(node.value, depth)
        join = _get(node, "fn::join") or _get(node, "Fn::Join")
        if isinstance(join, yaml.SequenceNode) and len(join.value) == 2:
            sep, items = join.value
            if isinstance(sep, yaml.ScalarNode) and isinstance(items, yaml.SequenceNode):
                parts: list[ir.Expr] = []
                for i, item in enumerate(items.value):
                    parts.extend([ir.Lit(sep.value)] if i else [])
                    parts.append(self.lower(item, depth + 1))
                return ir.concat(parts)
        select = _get(node, "fn::select") or _get(node, "Fn::Select")
        picked = self._select(select, depth) if isinstance(select, yaml.SequenceNode) else None
        if picked is not None:
            return picked
        fns = [k.value for k, _ in _items(node) if k.value.lower().startswith("fn::")]
        return ir.Unknown(f"a value computed by {fns[0]}" if fns else "a computed value (not a string)")

    def _select(self, args: yaml.SequenceNode, depth: int) -> ir.Expr | None:
        """`fn::select: [i, [..]]` and `fn::select: [i, fn::split: [sep, s]]` with an integer literal `i` (pulumi-yaml
        refuses a negative one, and one past the end) and a non-empty literal `sep`: Go's strings.Split, which
        pulumi-yaml runs, then splits as Python's `str.split(sep)` does. None: anything else."""
        index, items = args.value if len(args.value) == 2 else (None, None)
        if not (isinstance(index, yaml.ScalarNode) and index.tag.endswith(":int") and index.value.isdigit()):
            return None
        at = int(index.value)
        if isinstance(items, yaml.SequenceNode):
            if at < len(items.value):
                return self.lower(items.value[at], depth + 1)
            return ir.Unknown(f"fn::select of item {at} of a list of {len(items.value)} (Pulumi YAML refuses it)")
        split = _get(items, "fn::split") or _get(items, "Fn::Split")
        if isinstance(split, yaml.SequenceNode) and len(split.value) == 2:
            sep, source = split.value
            if isinstance(sep, yaml.ScalarNode) and sep.tag.endswith(":str") and sep.value:
                return ir.Split(self.lower(source, depth + 1), sep.value, at)
        return None

    def _interpolate(self, text: str, depth: int) -> ir.Expr:
        parts: list[ir.Expr] = []
        pos = 0
        for m in _INTERP.finditer(text):
            parts.append(ir.Lit(text[pos : m.start()]))
            pos = m.end()
            if m.group(0) == "$${":
                parts.append(ir.Lit("${"))
                continue
            parts.append(self._name(m.group(1).strip(), depth))
        parts.append(ir.Lit(text[pos:]))
        return ir.concat(parts)

    def _name(self, ref: str, depth: int) -> ir.Expr:
        if ref in BUILTINS:
            return BUILTINS[ref]
        head = re.split(r"[.\[]", ref, maxsplit=1)[0]
        if head in self.resources:
            return ir.Unknown(f"a run-time value (${{{ref}}})")
        if ref in self.variables and ref not in self.declared:
            # Pulumi YAML looks a name up in the config before the variables (pulumi-yaml's
            # evaluatePropertyAccess): a stack that sets the key gets its value, the others the variable's.
            return ir.ConfigRead(None, ref, self.lower(self.variables[ref], depth + 1))
        if head in self.variables and ref not in self.declared:
            return ir.Unknown(f"a run-time value (${{{ref}}})")
        if re.fullmatch(r"[A-Za-z0-9_-]+(:[A-Za-z0-9_.-]+)?", ref):
            ns, _, key = ref.rpartition(":")
            default = self.defaults.get(ref)
            return ir.ConfigRead(ns or None, key, ir.Lit(default) if default is not None else None)
        return ir.Unknown(f"a run-time value (${{{ref}}})")


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _scalars(k)
            yield from _scalars(v)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)


def _text(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return "(a computed name)"


def _literal(args: yaml.SequenceNode) -> ir.Unknown | None:
    """Why Pulumi YAML refuses an `fn::stackReference` (its first argument must be a string literal, not an
    interpolation or a function, and it takes two arguments); None when it does not."""
    first = args.value[0]
    if len(args.value) != 2:
        return ir.Unknown("fn::stackReference takes two arguments (Pulumi YAML refuses the program)")
    if not isinstance(first, yaml.ScalarNode) or re.search(r"(?<!\$)\$\{", first.value):
        return ir.Unknown(
            "the first argument of fn::stackReference is not a string literal (Pulumi YAML refuses the program: "
            "use a pulumi:pulumi:StackReference resource for a computed name)"
        )
    return None
