"""The names of one TypeScript/JavaScript file: one walk indexes declarations, assignments, imports and
exports, `new` expressions and calls; lookups go through the scope chain of the tree-sitter base."""

from __future__ import annotations

import functools

from stackgraph.inference import ir
from stackgraph.inference.frontends.bindings import bound_names
from stackgraph.inference.frontends.shadowing import binder
from stackgraph.inference.frontends.treesitter import Node, TSFinder, line, text, walk
from stackgraph.inference.frontends.typescript.helper_keys import TsHelperKeys
from stackgraph.inference.frontends.typescript.reads import TypeScriptReads
from stackgraph.inference.frontends.typescript.syntax import (
    FUNCTIONS,
    class_node,
    ref_key,
    split_call,
    string_value,
    unwrap,
)


class TypeScriptNames(TSFinder):
    """The names of one file; `index()` fills them."""

    SCOPES = FUNCTIONS
    BRANCHES = frozenset({"if_statement", "switch_statement", "try_statement", "for_statement", "for_in_statement",
                          "while_statement", "do_statement"})  # fmt: skip
    OPAQUE = (("for_in_statement", "left"), ("catch_clause", "parameter"), ("array_pattern", None),
              ("rest_pattern", None), ("object_pattern", None))  # fmt: skip

    def __init__(self, root: Node, file: str, language: str | None = None) -> None:
        super().__init__(root, file, language)
        self.news: list[Node] = []
        self.calls: list[Node] = []
        self.local_class = False
        self.class_nodes: list[Node] = []  # every class declaration (finder.py looks for subclasses of StackReference)
        self._subs: dict[str, Node] | None = None
        self._nodes: list[Node] | None = None
        self.fields: dict[tuple[int, str], list[tuple[Node | None, int, Node]]] = {}  # this.x = .. / field = ..
        self.mutated: set[str] = set()  # objects the program changes after creating them (`envs.prod = ..`)
        self.nested: dict[int, set[str]] = {}  # the functions a function declares in it, by the id of that function
        self.called_under: dict[int, ir.Expr | None] = {}  # the tests of a module function's calls (call_guards.py)
        self.read_uses = TypeScriptReads(root, file)  # the output keys read on each variable, and open uses
        escape = functools.partial(self.read_uses.escape, returned=False)
        self.read_uses.helpers = TsHelperKeys(root, file, self._helper_key, escape, self._imported_callee)
        self.imported_names: dict[str, ir.Import] = {}  # bound by an `import`, a destructured `require`
        self.loads: list[tuple[ir.Module, Node]] = []  # each `require(..)` / `import(..)` of a literal path
        self.spec_lines: dict[ir.Module, int] = {}  # the first line loading each module at run time (no `import type`)

    def _helper_key(self, value: Node, call: Node) -> str | None:
        """The string a key given to a function is (helper_keys.py): a literal, or a name the file gives one value."""
        literal = string_value(value)
        if literal is not None:
            return literal
        lowered = self.lower(value, self.scope_of(call), line(call))
        return lowered.value if isinstance(lowered, ir.Lit) else None

    def _imported_callee(self, func: Node) -> ir.Import | None:
        """The function of another module a callee is (`vpcOf` imported, `lib.vpcOf` after `import * as lib`), when no
        name of a function around it hides it and it is no module of Pulumi's own; None otherwise."""
        found: ir.Import | None = None
        if func.type == "identifier":
            found = self.imported_names.get(text(func))
            name = text(func)
        else:
            obj, prop = func.child_by_field_name("object"), func.child_by_field_name("property")
            if func.type != "member_expression" or obj is None or prop is None or obj.type != "identifier":
                return None
            module = self.modules.get(text(obj))
            found, name = (ir.Import(module, text(prop)) if module is not None else None), text(obj)
        if found is None or found.module.path.startswith("@pulumi/"):
            return None
        return found if self.binder(name, self.scope_of(func)) is None else None

    def opaque_binding(self, node: Node) -> bool:
        """Every pattern but a destructured parameter (read by `params`), `const { a } = require(..)` and
        `const [a, b] = s.split(".")` (its plain names: `_declarator`)."""
        up = node.parent
        if node.type == "array_pattern":
            return not (up is not None and up.type == "variable_declarator" and self._unpacks_split(up))
        if node.type != "object_pattern":
            return True
        if up is not None and up.type in ("required_parameter", "optional_parameter", "formal_parameters"):
            return False
        if up is not None and up.type == "variable_declarator":
            value = up.child_by_field_name("value")
            return value is None or self._require_spec(value) is None
        return True

    def _unpacks_split(self, declarator: Node) -> bool:
        """Whether a declarator's value is `s.split(sep)`, or a name declared once as one."""
        value = unwrap(declarator.child_by_field_name("value"))
        if value is not None and value.type == "identifier":
            cur: Node | None = self.scope_of(declarator)
            while True:
                items = self.decls.get(cur.id if cur is not None else 0, {}).get(text(value), [])
                if items or cur is None:
                    break
                cur = self.scope_of(cur)
            value = items[0][1] if len(items) == 1 else None
        return split_call(value) is not None

    def branch_value(
        self, name: str, branches: list[Node], items: list[tuple[int, Node]], scope: Node | None, depth: int
    ) -> ir.Expr | None:
        if len(branches) != 1 or branches[0].type != "if_statement":
            return None
        branch = branches[0]
        test = self._test(branch.child_by_field_name("condition"), scope, line(branch), depth)
        arms = (branch.child_by_field_name("consequence"), branch.child_by_field_name("alternative"))
        return self.if_value(name, branch, test, arms, items, scope, depth)

    # --- indexing ---

    def index(self) -> None:
        for node in walk(self.root):
            kind = node.type
            if kind in self._opaque_kinds:
                self.opaque_nodes.append(node)
            if kind == "variable_declarator":
                self._declarator(node)
            elif kind == "assignment_expression":
                self._assignment(node)
            elif kind in ("augmented_assignment_expression", "update_expression"):
                self._changed(node)
            elif kind == "import_statement":
                self._import(node)
            elif kind == "export_statement":
                self._export(node)
            elif kind == "new_expression":
                self.news.append(node)
            elif kind == "call_expression":
                self._call(node)
            elif kind == "member_expression":
                self.read_uses.add(node)
            elif kind == "function_declaration":
                self._function(node)
            elif kind == "public_field_definition":  # `private env = getStack();` in a class
                name, value, cls = (
                    node.child_by_field_name("name"),
                    node.child_by_field_name("value"),
                    class_node(node),
                )
                static = any(c.type == "static" for c in node.children)
                if name is not None and value is not None and cls is not None and not static:
                    self.fields.setdefault((cls.id, text(name)), []).append((None, line(node), value))
            elif kind == "class_declaration":
                self._function(node)
                name = node.child_by_field_name("name")
                self.local_class |= name is not None and text(name) == "StackReference"
                self.class_nodes.append(node)
            elif kind in ("required_parameter", "optional_parameter"):
                self._parameter_property(node)

    def _function(self, node: Node) -> None:
        """A function (class) declared at file level is the file's; in a function, that function binds its name."""
        name, scope = node.child_by_field_name("name"), self.scope_of(node)
        if name is not None and scope is not None:
            self.nested.setdefault(scope.id, set()).add(text(name))
        elif name is not None and node.type == "function_declaration":
            self.functions[text(name)] = node

    def binder(self, name: str, scope: Node | None) -> Node | None:
        """The function around `scope` that binds `name` itself, if any (shadowing.py): a call of `name` there is not
        of the file's or an import's `name`."""
        return binder(self, name, scope, self.nested)

    def _parameter_property(self, node: Node) -> None:
        """`constructor(private env: string)`: the parameter is also the field `this.env`, set as the
        constructor starts."""
        if not any(c.type == "accessibility_modifier" or text(c) in ("readonly", "override") for c in node.children):
            return
        pattern = node.child_by_field_name("pattern")
        ctor = node.parent.parent if node.parent is not None else None
        if pattern is None or pattern.type != "identifier" or ctor is None or ctor.type != "method_definition":
            return
        cls = class_node(ctor)
        if cls is not None and text(ctor.child_by_field_name("name") or ctor) == "constructor":
            self.fields.setdefault((cls.id, text(pattern)), []).append((ctor, line(ctor), pattern))

    def _declarator(self, node: Node) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None or value is None:
            return
        scope = self.scope_of(node)
        required = self._require_spec(value)
        if name.type == "identifier":
            if required is not None:
                if scope is None:
                    self.modules[text(name)] = required
                return
            self.declare(scope, text(name), line(node), value)
            function = unwrap(value)
            if scope is None and function is not None and function.type in ("arrow_function", "function"):
                self.functions[text(name)] = function
        elif name.type == "array_pattern":  # `const [a, , b] = s.split(".")`: each name is its item (lower.py)
            for child in name.named_children:
                if child.type == "identifier":
                    self.declare(scope, text(child), line(node), child)
                else:  # `...rest` (an array), `c = "x"`, `[d]`: not followed
                    self.bound.setdefault(scope.id if scope is not None else 0, set()).update(bound_names(child))
        elif name.type == "object_pattern" and required is not None:
            for child in name.named_children:
                if child.type == "shorthand_property_identifier_pattern":
                    self.imports[text(child)] = self.imported_names[text(child)] = ir.Import(required, text(child))
                elif child.type == "pair_pattern":
                    key, val = child.child_by_field_name("key"), child.child_by_field_name("value")
                    if key is not None and val is not None and val.type == "identifier":
                        self.imports[text(val)] = self.imported_names[text(val)] = ir.Import(required, text(key))

    def _assignment(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        scope = self.scope_of(node)
        if left.type == "identifier":
            self.declare(scope, text(left), line(node), right)
            return
        if left.type in ("member_expression", "subscript_expression"):  # `names.x = ..` / `envs[k] = ..`
            base = unwrap(left.child_by_field_name("object"))
            if base is not None and base.type == "identifier":
                self.mutated.add(text(base))
        if left.type == "member_expression" and unwrap(left.child_by_field_name("object")) is not None:
            obj, prop = unwrap(left.child_by_field_name("object")), left.child_by_field_name("property")
            cls = class_node(node)
            if obj is not None and obj.type == "this" and prop is not None and cls is not None:
                self.fields.setdefault((cls.id, text(prop)), []).append((scope, line(node), right))
        target = ref_key(left)
        if scope is not None:
            return
        if target.startswith(("exports.", "module.exports.")):  # CommonJS: exports.name = value
            self.declare(None, target.rsplit(".", 1)[1], line(node), right)
        elif target == "module.exports" and (exported := unwrap(right)) is not None and exported.type == "object":
            for pair in exported.named_children:
                if pair.type == "pair" and pair.child_by_field_name("key") is not None:
                    key = pair.child_by_field_name("key")
                    self.declare(None, string_value(key) or text(key), line(pair), pair.child_by_field_name("value"))

    def _changed(self, node: Node) -> None:
        """`n += x`, `n ??= x`, `n++`: the statement is the name's value (lower.py); `names.x += ..` changes it."""
        target = unwrap(node.child_by_field_name("left") or node.child_by_field_name("argument"))
        if target is not None and target.type == "identifier":
            self.declare(self.scope_of(node), text(target), line(node), node)
        elif target is not None and target.type in ("member_expression", "subscript_expression"):
            base = unwrap(target.child_by_field_name("object"))
            if base is not None and base.type == "identifier":
                self.mutated.add(text(base))

    def _require_spec(self, value: Node) -> ir.Module | None:
        value = unwrap(value)
        if value is None or value.type != "call_expression":
            return None
        func = value.child_by_field_name("function")
        args = value.child_by_field_name("arguments")
        if func is None or text(func) != "require" or args is None or not args.named_children:
            return None
        spec = string_value(args.named_children[0])
        return ir.Module(ir.ModuleKind.JS, spec) if spec is not None else None

    def _import(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        spec = string_value(source) if source is not None else None
        if spec is None:
            return
        module = ir.Module(ir.ModuleKind.JS, spec)
        self.specs.append(module)
        if any(c.type == "type" for c in node.children):  # `import type {...}`: no values
            return
        self.spec_lines.setdefault(module, line(node))
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        for child in clause.named_children if clause is not None else ():
            if child.type == "identifier":
                self.imports[text(child)] = self.imported_names[text(child)] = ir.Import(module, "default")
            elif child.type == "namespace_import":
                ident = next((c for c in child.named_children if c.type == "identifier"), None)
                if ident is not None:
                    self.modules[text(ident)] = module
            elif child.type == "named_imports":
                for spec_node in child.named_children:
                    name = spec_node.child_by_field_name("name")
                    alias = spec_node.child_by_field_name("alias") or name
                    if name is not None and alias is not None:
                        self.imports[text(alias)] = self.imported_names[text(alias)] = ir.Import(module, text(name))

    def _export(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        spec = string_value(source) if source is not None else None
        module = ir.Module(ir.ModuleKind.JS, spec) if spec is not None else None
        if module is not None:
            self.specs.append(module)
            if not any(c.type == "type" for c in node.children):  # `export type {..} from`: no values
                self.spec_lines.setdefault(module, line(node))
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        if clause is None:
            if module is not None and any(c.type == "*" for c in node.children):
                self.imports.setdefault("*", ir.Concat(()))
                star = self.imports["*"]
                assert isinstance(star, ir.Concat)
                self.imports["*"] = ir.Concat((*star.parts, ir.Import(module, "*")))
            return
        for spec_node in clause.named_children:
            name = spec_node.child_by_field_name("name")
            alias = spec_node.child_by_field_name("alias") or name
            if name is None or alias is None:
                continue
            if module is not None:
                self.imports[text(alias)] = ir.Import(module, text(name))
            elif text(alias) != text(name):
                self.imports[text(alias)] = ir.Import(
                    ir.Module(ir.ModuleKind.JS, "./" + self.file.rsplit("/", 1)[-1]), text(name)
                )

    def _call(self, node: Node) -> None:
        self.calls.append(node)
        func = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if func is None:
            return
        if func.type in ("import", "identifier") and text(func) in ("import", "require") and args is not None:
            first = args.named_children[0] if args.named_children else None
            spec = string_value(first) if first is not None else None
            if spec is None:
                self.dynamic = True
            else:
                self.specs.append(ir.Module(ir.ModuleKind.JS, spec))
                self.loads.append((self.specs[-1], node))
                self.spec_lines.setdefault(self.specs[-1], line(node))
            return

    def _test(self, node: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr:
        raise NotImplementedError
