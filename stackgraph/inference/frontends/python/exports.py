"""The outputs a Python file exports: `pulumi.export("k", v)` (also through `import pulumi as p`, `import
pulumi.runtime`, `from pulumi import export` and `from pulumi import *`), and the keys of the mapping an async
entrypoint returns (`pulumi.run(main)`).

A key that is a string literal, or a module-level name given one string once and bound nowhere else in the file
(never a parameter, a loop variable, a tuple item, a walrus, `with`/`except .. as`), is an export at its line;
a key computed at run time, an export in a loop or comprehension, the pulumi module passed on as a value
(`getattr(pulumi, "export")`), or an `export` / `pulumi` taken from another module (`from common import export`)
makes the project's set open (`ir.Exported.open`), with the reason.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from stackgraph.inference import ir
from stackgraph.inference.frontends.python.syntax import children, shape

LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def python_exports(
    tree: ast.Module, nodes: list[ast.AST], parent: Mapping[ast.AST, ast.AST]
) -> tuple[ir.Exported, ...]:
    """The exports of one parsed file, sorted by line; `nodes` are all the file's nodes and `parent` maps each
    to its parent (the finder's index: a walk of the tree is most of what this costs)."""
    modules, functions, runs = _pulumi_names(nodes)
    out = _borrowed(nodes, functions)
    if not modules and not functions and not runs:
        return tuple(sorted(out, key=lambda e: e.line))
    constants = _constants(tree, nodes)
    called = {id(n.func) for n in nodes if isinstance(n, ast.Call)}
    for node in nodes:  # `export = pulumi.export`, `publish(pulumi.export)`: a helper exports
        if isinstance(node, ast.expr) and id(node) not in called and _passed_on(node, modules, functions):
            out.add(ir.Exported("", node.lineno, "pulumi.export passed on as a value (its keys are not followed)"))
        elif isinstance(node, ast.Name) and _module_as_value(node, modules, parent):
            out.add(
                ir.Exported("", node.lineno, "the pulumi module passed on as a value (its exports are not followed)")
            )
    for node in nodes:
        if isinstance(node, ast.Call) and _is_export(node.func, modules, functions):
            out.add(_exported(node, _looped(node, parent), constants))
        elif isinstance(node, ast.Call) and _is_export(node.func, modules, runs, "run"):
            out.update(_entrypoint(tree, node))
    return tuple(sorted(out, key=lambda e: (e.line, e.name, e.open)))


def _borrowed(nodes: list[ast.AST], functions: set[str]) -> set[ir.Exported]:
    """The calls of an `export` or a `pulumi.export` this file takes from a module other than pulumi (`from common
    import export`, `from deps import pulumi`, `from base import *`): pulumi's own, passed on, they may be."""
    exports, modules, star = set(), set(), False
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] != "pulumi":
            exports |= {a.asname or a.name for a in node.names if a.name == "export"}
            modules |= {a.asname or a.name for a in node.names if a.name == "pulumi"}
            star = star or any(a.name == "*" for a in node.names)
    exports = (exports | ({"export"} if star else set())) - functions
    out = set()
    for node in nodes if exports or modules else ():
        func = node.func if isinstance(node, ast.Call) else None
        if (isinstance(func, ast.Name) and func.id in exports) or (
            isinstance(func, ast.Attribute) and func.attr == "export" and _is_export(func, modules, set())
        ):
            why = f"{shape(func, None)} taken from another module (pulumi.export passed on?): its keys are not followed"
            out.add(ir.Exported("", func.lineno, why))
    return out


def _entrypoint(tree: ast.Module, call: ast.Call) -> set[ir.Exported]:
    """`pulumi.run(main)`: each key of the mapping `main` returns is an output (a literal dict, or None)."""
    target = call.args[0] if call.args else None
    defs = [
        n
        for n in tree.body
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        and isinstance(target, ast.Name)
        and n.name == target.id
    ]
    if len(defs) != 1:
        return {ir.Exported("", call.lineno, "pulumi.run of a function not defined once in this file")}
    out: set[ir.Exported] = set()
    for node in _own_returns(defs[0]):
        value = node.value
        if value is None or (isinstance(value, ast.Constant) and value.value is None):
            continue
        if not isinstance(value, ast.Dict):
            out.add(ir.Exported("", node.lineno, "pulumi.run's entrypoint returns a value built at run time"))
            continue
        for key in value.keys:
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                out.add(ir.Exported(key.value, key.lineno))
            else:
                out.add(ir.Exported("", node.lineno, "pulumi.run's entrypoint returns a computed key or a spread"))
    return out


def _own_returns(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Return]:
    """The `return` statements of `fn` itself (not of functions nested in it)."""
    out: list[ast.Return] = []
    stack: list[ast.AST] = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Return):
            out.append(node)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            stack.extend(children(node))
    return out


def _pulumi_names(nodes: list[ast.AST]) -> tuple[set[str], set[str], set[str]]:
    """The local names of the `pulumi` module, of its `export` function and of its `run` function (`nodes`: all
    the file's)."""
    modules: set[str] = set()
    functions: set[str] = set()
    runs: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):  # `import pulumi.runtime` binds `pulumi` too
            modules |= {a.asname or a.name for a in node.names if a.name == "pulumi"}
            modules |= {"pulumi" for a in node.names if a.name.startswith("pulumi.") and a.asname is None}
        elif isinstance(node, ast.ImportFrom) and node.module == "pulumi" and node.level == 0:
            star = any(a.name == "*" for a in node.names)  # `from pulumi import *`: `export` may be bound
            functions |= {a.asname or a.name for a in node.names if a.name == "export"} | (
                {"export"} if star else set()
            )
            runs |= {a.asname or a.name for a in node.names if a.name == "run"} | ({"run"} if star else set())
    return modules, functions, runs


def _passed_on(node: ast.expr, modules: set[str], functions: set[str]) -> bool:
    """Whether `node` reads `pulumi.export` (or a local name of it) as a value."""
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return False
    return isinstance(node, ast.Attribute | ast.Name) and _is_export(node, modules, functions)


def _module_as_value(node: ast.Name, modules: set[str], parent: Mapping[ast.AST, ast.AST]) -> bool:
    """Whether `node` reads the pulumi module other than by an attribute (`getattr(pulumi, "export")`, `f(pulumi)`)."""
    up = parent.get(node)
    attribute = isinstance(up, ast.Attribute) and up.value is node
    return isinstance(node.ctx, ast.Load) and node.id in modules and not attribute


def _is_export(func: ast.expr, modules: set[str], functions: set[str], attr: str = "export") -> bool:
    """Whether `func` is `pulumi.<attr>` (through the module's local name) or a local name of it."""
    if isinstance(func, ast.Attribute):
        return func.attr == attr and isinstance(func.value, ast.Name) and func.value.id in modules
    return isinstance(func, ast.Name) and func.id in functions


def _constants(tree: ast.Module, nodes: list[ast.AST]) -> dict[str, str]:
    """Module-level names assigned a string literal once and bound nowhere else in the file (`nodes`: all the
    file's): not a parameter (of a function, a lambda, keyword-only), a loop or comprehension variable, an item of
    a tuple target, a walrus, `with .. as`, `except .. as`, an import's name, a `del` or an augmented assignment."""
    bound: dict[str, int] = {}
    for node in nodes:
        for name in _binds(node):
            bound[name] = bound.get(name, 0) + 1
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
            if bound.get(name) == 1 and isinstance(value, ast.Constant) and isinstance(value.value, str):
                out[name] = value.value
    return out


def _binds(node: ast.AST) -> list[str]:
    """The names `node` binds (or unbinds) in its scope."""
    if isinstance(node, ast.Name):
        return [] if isinstance(node.ctx, ast.Load) else [node.id]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, ast.ExceptHandler):
        return [node.name] if node.name else []
    if isinstance(node, ast.Import | ast.ImportFrom):
        return [(a.asname or a.name).split(".")[0] for a in node.names]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.MatchAs | ast.MatchStar):
        return [node.name] if node.name else []
    return []


def _looped(node: ast.AST, parent: Mapping[ast.AST, ast.AST]) -> bool:
    """Whether a loop or comprehension holds `node`."""
    cur = parent.get(node)
    while cur is not None:
        if isinstance(cur, LOOPS):
            return True
        cur = parent.get(cur)
    return False


def _exported(call: ast.Call, looped: bool, constants: dict[str, str]) -> ir.Exported:
    key_node = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "name"), None)
    key = None
    if isinstance(key_node, ast.Constant) and isinstance(key_node.value, str):
        key = key_node.value
    elif isinstance(key_node, ast.Name):
        key = constants.get(key_node.id)
    if looped:
        return ir.Exported("", call.lineno, "pulumi.export in a loop")
    if key is None:
        shown = shape(key_node, None) if key_node is not None else "no key"
        return ir.Exported("", call.lineno, f"pulumi.export with a key computed at run time ({shown})")
    return ir.Exported(key, call.lineno)
