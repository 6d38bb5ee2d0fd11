"""Whether a name a call is made through is bound by a function around the call (a parameter, a local variable, a
loop variable, a function declared in it): `function build(make) { make("dev") }` calls what `build` is given, not
the helper of the file or the import of that name, whose calls bind its parameters."""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.bindings import declares
from stackgraph.inference.frontends.treesitter import Node, TSFinder


def binder(finder: TSFinder, name: str, scope: Node | None, nested: dict[int, set[str]] | None = None) -> Node | None:
    """The innermost function from `scope` outwards that binds `name` itself (a parameter, a declaration, a loop
    variable or pattern, a name in `nested`: the functions declared in each function, by its id); None when none
    does (the name is the file's, the package's or an import's)."""
    opaque = finder.opaque()
    while scope is not None:
        if (
            ir.is_param(finder.params(scope), name)
            or name in opaque.get(scope.id, ())
            or name in (nested or {}).get(scope.id, ())
            or declares(finder.decls.get(scope.id, {}).get(name, []))
        ):
            return scope
        scope = finder.scope_of(scope)
    return None


def declared_around(finder: TSFinder, name: str, scope: Node | None) -> bool:
    """Whether `name` is declared or a parameter in `scope` or a scope around it, or declared in the file."""
    cur = scope
    while cur is not None:
        if name in finder.decls.get(cur.id, {}) or name in finder.params(cur):
            return True
        cur = finder.scope_of(cur)
    return name in finder.decls.get(0, {})
