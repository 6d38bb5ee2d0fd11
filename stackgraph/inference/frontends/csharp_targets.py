"""The type a C# target-typed `new(..)` makes (`StackReference net = new("acme/net/dev");`).

C# takes it from where the value goes: the type of the local, field or property it initialises; the return type
of the method, local function, property or accessor that returns it (`Task<T>` of an async one: `T`); the declared
type of the local, parameter, field or property it is assigned to; the parameter of a method or constructor of this
file it is passed to. Parentheses, `?:` arms and `??` operands pass the context on. Anything else (a lambda's
result, a member of another object, a method of another file) leaves the type unknown: never guessed.
"""

from __future__ import annotations

from stackgraph.inference.frontends.csharp_syntax import class_of, labelled_args, last_name, parameters
from stackgraph.inference.frontends.treesitter import Node, TSFinder, text, walk

IMPLICIT = "implicit_object_creation_expression"
REFERENCE = "StackReference"
RETURNING = frozenset(
    {"method_declaration", "local_function_statement", "lambda_expression", "anonymous_method_expression",
     "accessor_declaration", "constructor_declaration", "operator_declaration", "conversion_operator_declaration"}
)  # fmt: skip
NOT_STRINGS = frozenset({"integer_literal", "real_literal", "boolean_literal", "character_literal"})
REFERENCE_LABELS = frozenset({"name", "args", "options"})  # StackReference(string name, args = null, options = null)
UNKNOWN = "a target-typed new(..) whose type is not known here (a StackReference?)"
GENERIC = "not Pulumi's StackReference, which is not generic: a subclass whose constructor's name is not read"


class CSharpTargets(TSFinder):
    """The part of the C# finder that reads the target type of `new(..)`."""

    aliases: dict[str, str]

    def makes_reference(self, node: Node) -> bool:
        """Whether `new T(..)` or `new(..)` makes a StackReference (`Pulumi.StackReference` too, or `new SR(..)`
        after `using SR = Pulumi.StackReference;`)."""
        return self._made(node) == REFERENCE

    def _made(self, node: Node) -> str | None:
        if node.type == IMPLICIT:
            return self.target_type(node)
        return self._type_named(node.child_by_field_name("type"))

    def unknown_target(self, node: Node) -> tuple[Node | None, str]:
        """A `new StackReference<T>(..)` (a subclass: Pulumi's is not generic), or a `new(..)` of a type not known
        here, in a file that mentions StackReference, whose arguments a StackReference's constructor takes: a site
        whose name is unknown, with the reason; else (None, "")."""
        made = self._made(node)
        if made is not None and made.startswith(f"{REFERENCE}<"):
            return node, f"new {made}(..): {GENERIC}"
        if node.type != IMPLICIT or made is not None or not self._may_be_reference(node):
            return None, ""
        return node, UNKNOWN

    def compiled_if(self, node: Node) -> str:
        """Why a StackReference under `#if` / `#elif` / `#else` is not read ("" when it is under none)."""
        up = node.parent
        while up is not None and up.type != "preproc_if":
            up = up.parent
        if up is None:
            return ""
        test = up.child_by_field_name("condition")
        condition = " ".join(text(test).split()) if test is not None else "..."
        return f"under `#if {condition}`: which branch is compiled depends on the symbols the build defines, not read"

    def _may_be_reference(self, node: Node) -> bool:
        labelled = labelled_args(node)
        positional = [value for label, value in labelled if label is None]
        if not 1 <= len(labelled) <= 3 or any(label not in REFERENCE_LABELS for label, _ in labelled if label):
            return False
        first = dict(labelled).get("name") or (positional[0] if positional else None)
        return (first is None or first.type not in NOT_STRINGS) and REFERENCE in text(self.root)

    def target_type(self, node: Node) -> str | None:
        """The last name of the type `node` (a `new(..)`) makes ("" for one without a name); None: not known."""
        while node.parent is not None and _passes_on(node, node.parent):
            node = node.parent
        up = node.parent
        if up is None:
            return None
        if up.type == "variable_declarator" and up.parent is not None and up.parent.type == "variable_declaration":
            return self._type_named(up.parent.child_by_field_name("type"))
        if up.type == "property_declaration":
            return self._type_named(up.child_by_field_name("type"))
        if up.type in ("arrow_expression_clause", "return_statement"):
            return self._returned_type(up)
        right = up.child_by_field_name("right") if up.type == "assignment_expression" else None
        if right is not None and right.id == node.id:
            return self._assigned_type(up)
        if up.type == "argument":
            return self._parameter_type(up)
        return None

    def _type_named(self, kind: Node | None) -> str | None:
        """The last name of a written type (`Pulumi.StackReference?` -> StackReference, through a `using` alias);
        the type as written for one without a name (an array, a tuple); None for `var` or none."""
        if kind is not None and kind.type == "nullable_type":
            kind = kind.child_by_field_name("type")
        if kind is None or kind.type == "implicit_type":
            return None
        if kind.type == "identifier" and text(kind) in self.aliases:
            return self.aliases[text(kind)].rpartition(".")[2]
        generic = kind.child_by_field_name("name") if kind.type == "qualified_name" else kind
        if generic is not None and generic.type == "generic_name":  # `StackReference<T>`: not Pulumi's
            return "".join(text(generic).split())
        return last_name(kind) or "".join(text(kind).split())

    def _returned_type(self, clause: Node) -> str | None:
        """The return type of what `clause` (`=> x`, `return x;`) returns from (None: a lambda's, not known)."""
        fn = clause.parent
        while fn is not None and fn.type not in RETURNING and fn.type != "property_declaration":
            fn = fn.parent
        if fn is not None and fn.type == "accessor_declaration":  # `get => x`: the property's (not `set`, `init`)
            held = fn.parent.parent if fn.parent is not None else None
            fn = held if text(fn).lstrip().startswith("get") else None
        if fn is None or fn.type not in ("method_declaration", "local_function_statement", "property_declaration"):
            return None
        kind = fn.child_by_field_name("returns") or fn.child_by_field_name("type")
        modifiers = {text(c) for c in fn.children if c.type == "modifier"}
        if kind is not None and "async" in modifiers:  # `async Task<StackReference> Make()`: returns a StackReference
            arguments = next((c for c in kind.named_children if c.type == "type_argument_list"), None)
            inner = arguments.named_children if arguments is not None else []
            return self._type_named(inner[0]) if last_name(kind) in ("Task", "ValueTask") and len(inner) == 1 else None
        return self._type_named(kind)

    def _assigned_type(self, assignment: Node) -> str | None:
        """The declared type of what `x = new(..)` / `this.x = new(..)` sets (None: another object's member)."""
        left = assignment.child_by_field_name("left")
        if left is not None and left.type == "member_access_expression":
            obj = left.child_by_field_name("expression")
            this = obj is not None and obj.type in ("this", "this_expression")
            return self._declared_type(last_name(left), assignment, fields_only=True) if this else None
        in_initializer = assignment.parent is not None and assignment.parent.type == "initializer_expression"
        if left is None or left.type != "identifier" or in_initializer:  # `new T { X = new(..) }`: T's member
            return None
        return self._declared_type(text(left), assignment, fields_only=False)

    def _declared_type(self, name: str, at: Node, *, fields_only: bool) -> str | None:
        """The type of the innermost variable, parameter, field or property `name` seen from `at` (None: none or
        several of different types)."""
        scopes: list[Node | None] = []
        cur = None if fields_only else self.scope_of(at)
        while cur is not None:
            scopes.append(cur)
            cur = self.scope_of(cur)
        scopes.append(None)  # the class's fields and properties, or the top-level statements' variables
        owner = class_of(at)
        for scope in scopes:
            params = scope.child_by_field_name("parameters") if scope is not None else None
            found = {_last(declared) for p, declared, _, _ in (parameters(params) if params is not None else [])
                     if p == name}  # fmt: skip
            for decl, kind in self._declarations().get(name, []):
                around = self.scope_of(decl)
                same = (around.id if around is not None else None) == (scope.id if scope is not None else None)
                if same and (scope is not None or class_of(decl) == owner):
                    found.add(self._type_named(kind))
            if found:
                return found.pop() if len(found) == 1 else None
        return None

    def _declarations(self) -> dict[str, list[tuple[Node, Node | None]]]:
        """Each variable, field and property of the file by name, with its written type (read once)."""
        if not hasattr(self, "_declared"):
            self._declared: dict[str, list[tuple[Node, Node | None]]] = {}
            for node in walk(self.root):
                if node.type == "variable_declarator" and node.parent is not None:
                    kind = node.parent.child_by_field_name("type")
                elif node.type == "property_declaration":
                    kind = node.child_by_field_name("type")
                else:
                    continue
                name = node.child_by_field_name("name")
                if name is not None:
                    self._declared.setdefault(text(name), []).append((node, kind))
        return self._declared

    def _parameter_type(self, argument: Node) -> str | None:
        """The type of the parameter an argument is given to, for a call of a method (or `new T(..)` of a
        constructor) of this file; its overloads must agree (None: another file's, or they do not)."""
        call = argument.parent.parent if argument.parent is not None else None
        if call is None or call.type not in ("invocation_expression", "object_creation_expression"):
            return None
        if call.type == "object_creation_expression":
            callee = last_name(call.child_by_field_name("type"))
            if callee == REFERENCE:  # `new StackReference(name, new() { Name = .. })`: its args (name_arg reads them)
                return "StackReferenceArgs"
            kinds: tuple[str, ...] = ("constructor_declaration",)
        else:
            callee = last_name(call.child_by_field_name("function"))
            kinds = ("method_declaration", "local_function_statement")
        labelled = labelled_args(call)
        given = [value.parent.id if value.parent is not None else -1 for _, value in labelled]
        index = given.index(argument.id) if argument.id in given else -1
        label = labelled[index][0] if index >= 0 else None
        found = set()
        for fn in (n for n in walk(self.root) if n.type in kinds):
            name, params = fn.child_by_field_name("name"), fn.child_by_field_name("parameters")
            if name is None or text(name) != callee or params is None:
                continue
            found.add(_parameter_at(params, index, label))
        return found.pop() if len(found) == 1 else None


def _parameter_at(params: Node, index: int, label: str | None) -> str | None:
    """The last name of the type of the parameter named `label`, else of the one at `index` (None: none)."""
    declared = [(p, kind.removesuffix("[]") if rest else kind) for p, kind, _, rest in parameters(params)]
    if not label and declared and parameters(params)[-1][3]:  # `params StackReference[] refs`: each one
        declared += [declared[-1]] * max(0, index + 1 - len(declared))
    typed = [kind for p, kind in declared if p == label] if label else [kind for _, kind in declared]
    picked = typed[0] if label and typed else typed[index] if not label and 0 <= index < len(typed) else ""
    return _last(picked)


def _passes_on(node: Node, up: Node) -> bool:
    """Whether `up` gives `node` the type it is given itself (parentheses, a `?:` arm, a `??` operand)."""
    if up.type == "parenthesized_expression":
        return True
    if up.type == "conditional_expression":
        condition = up.child_by_field_name("condition")
        return condition is None or condition.id != node.id
    return up.type == "binary_expression" and text(up.child_by_field_name("operator")) == "??"


def _last(written: str) -> str | None:
    """The last name of a type as `parameters` gives it (`Pulumi.StackReference?` -> StackReference; None: none)."""
    bare = written.rstrip("?")
    if not bare:
        return None
    return bare if "<" in bare or "[" in bare or "(" in bare else bare.rpartition(".")[2].rpartition("::")[2]
