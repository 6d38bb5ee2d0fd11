"""Go variables declared with no value, and package-level variables a function of the package may set.

`var suffix string` in a function holds Go's zero value "" until it is assigned (`zero_string`), also as an
`if` without `else` starts when nothing may have set it first (`before_if`). A package-level variable (`var
project = "net"`, `var suffix string`) is read through the linker (`ir.Import` of the package, never its value
here): each file gives the package-level names its functions may set (`x = ..`, `x += ..`, `&x`) as symbols
`ASSIGNED + name`, and the linker reads such a name as unknown, naming where, in every file of the package that
`go build` compiles (link.py).
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.go_blocks import GoBlocks
from stackgraph.inference.frontends.treesitter import Node, line, text, walk
from stackgraph.inference.irbase import ASSIGNED


class GoVars(GoBlocks):
    """The part of the Go finder that reads variables declared with no value and package-level variables."""

    def zero_value(self, spec: Node, names: list[Node]) -> None:
        """`var st StackRef`: a variable declared with a type and no value (its zero value); a string one is
        declared with its name as the value, lowered by `zero_string` (a package-level one: by the linker too)."""
        kind = spec.child_by_field_name("type")
        if kind is not None:
            scope = self.scope_of(spec)
            for name in names:
                self.zeroed[(scope.id if scope is not None else 0, text(name))] = kind
                if text(kind) == "string":
                    self.declare(scope, text(name), line(spec), name)

    def zero_string(self, name: Node) -> ir.Expr | None:
        """`var env string` read through its declaration: "" when it is never assigned afterwards in its scope,
        else unknown, naming the assignment (None: `name` is no such declaration). A package-level one is ""
        here: the functions that set it, in any file of the package, are the linker's (`ASSIGNED`)."""
        if name.parent is None or name.parent.type != "var_spec" or name.parent.child_by_field_name("value"):
            return None
        set_at = self._assigned(name)
        return ir.Lit("") if not set_at else _assigned_later(text(name), set_at[0])

    def _assigned(self, name: Node) -> list[Node]:
        """The assignments to the variable `name` declares (`env = ..`, `env += ..`, `&env`), in its scope."""
        scope = self.scope_of(name)
        out: list[Node] = []
        for node in walk(scope) if scope is not None else []:
            if node.start_byte < name.end_byte:
                continue
            if node.type == "assignment_statement":
                left = node.child_by_field_name("left")
                if left is not None and any(
                    t.type == "identifier" and text(t) == text(name) for t in left.named_children
                ):
                    out.append(node)
            elif node.type == "unary_expression" and "".join(text(node).split()) == f"&{text(name)}":
                out.append(node)
        return out

    def before_if(
        self, name: str, earlier: list[tuple[int, Node]], branch: Node, scope: Node | None, depth: int
    ) -> ir.Expr:
        """`var s string; if c { s = "x" }`: Go's zero value "" as the `if` starts when nothing may have set `s`
        before it (`_unset_before`), else what the assignments before it give (unknown for the declaration)."""
        if self._unset_before(earlier[-1][1], branch):
            return ir.Lit("")
        return super().before_if(name, earlier, branch, scope, depth)

    def _unset_before(self, name: Node, branch: Node) -> bool:
        """Whether `var name string` (no value) still holds "" as `branch` starts: every assignment to it is a
        statement of its own function (not in a closure, not through `&name`) written after `branch` starts, no
        loop around `branch` that does not declare it runs one first, and the function has no `goto`."""
        if name.parent is None or name.parent.type != "var_spec" or name.parent.child_by_field_name("value"):
            return False
        scope = self.scope_of(name)
        if scope is None or any(n.type == "goto_statement" for n in walk(scope)):
            return False
        for node in self._assigned(name):
            if node.type != "assignment_statement" or node.start_byte < branch.start_byte:
                return False
            found = self.scope_of(node)
            if found is None or found.id != scope.id:
                return False
        up = branch.parent
        while up is not None and up.id != scope.id:
            if up.type == "for_statement" and not up.start_byte <= name.start_byte < up.end_byte:
                return False
            up = up.parent
        return True

    def assigned_symbols(self) -> dict[str, ir.Expr]:
        """`ASSIGNED + name` -> unknown, for each name a function of this file may set that is none of its own
        (a package-level variable of this file or another): `x = ..`, `x += ..`, `&x` (`flag.StringVar(&x, ..)`),
        `for _, x = range ..`, `case x = <-ch`."""
        out: dict[str, ir.Expr] = {}
        for node in walk(self.root):
            if node.type == "assignment_statement" or (
                node.type in ("range_clause", "receive_statement") and any(c.type == "=" for c in node.children)
            ):
                left = node.child_by_field_name("left")
                targets = [t for t in left.named_children if t.type == "identifier"] if left is not None else []
            elif node.type == "unary_expression" and text(node).startswith("&"):
                operand = node.child_by_field_name("operand")
                targets = [operand] if operand is not None and operand.type == "identifier" else []
            else:
                continue
            for target in targets:
                name = text(target)
                if name != "_" and ASSIGNED + name not in out and not self._local(name, node):
                    out[ASSIGNED + name] = _set_in_function(name, node, self.file)
        return out

    def _local(self, name: str, node: Node) -> bool:
        """Whether `name` at `node` is a variable of the function around it: a parameter, its receiver or a named
        result, or one a declaration around `node` declares before it (go_blocks.py: one in a sibling block, or
        written after `node`, leaves `name` the package's)."""
        cur = self.scope_of(node)
        while cur is not None:
            if name in self.params(cur) or name in signature_names(cur) or self.binding(name, node, cur):
                return True
            cur = self.scope_of(cur)
        return False


def signature_names(fn: Node) -> set[str]:
    """The names of a method's receiver and of a function's named results."""
    out: set[str] = set()
    for field in ("receiver", "result"):
        params = fn.child_by_field_name(field)
        for p in params.named_children if params is not None and params.type == "parameter_list" else []:
            out.update(text(n) for n in p.children_by_field_name("name"))
    return out


def _set_in_function(name: str, node: Node, file: str) -> ir.Expr:
    """Unknown: the package-level variable `name` set at `node` (never the value: it may be a secret)."""
    how = f"its address taken (&{name})" if node.type == "unary_expression" else f"assigned ({name} = ..)"
    return ir.Unknown(
        f"'{name}', a package-level variable {how} in a function at {file}:{line(node)}: its value is not known "
        "statically"
    )


def _assigned_later(name: str, node: Node) -> ir.Expr:
    """Unknown: `var name string` assigned at `node` (never its text: the value may be a secret)."""
    how = f"its address taken (&{name})" if node.type == "unary_expression" else f"assigned ({name} = ..)"
    return ir.Unknown(
        f"'{name}', declared with no value and {how} at line {line(node)}: its value is not known statically"
    )
