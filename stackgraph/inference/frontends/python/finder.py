"""Find StackReferences in Python programs with the standard `ast` parser (nothing is executed).

Sites: `pulumi.StackReference(name)`, `StackReference(name)`, `StackReference("logical", stack_name=...)`. Names
are lowered to the IR: literals, f-strings, `+`, `%`, `.format`, `"/".join([...])`, local and module constants,
`from x import NAME`, `Config(ns).get/require(key)` with `or` / second-argument defaults, `get_stack()`,
`get_project()`, `get_organization()`, conditional expressions, helper parameters.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
from collections.abc import Callable, Iterator

from stackgraph.inference import ir, irloops
from stackgraph.inference.frontends.passers import with_passers
from stackgraph.inference.frontends.python.call_guards import guarded, held
from stackgraph.inference.frontends.python.closures import never_called
from stackgraph.inference.frontends.python.decorators import wrapped
from stackgraph.inference.frontends.python.escaped import escaped_helpers
from stackgraph.inference.frontends.python.exports import python_exports
from stackgraph.inference.frontends.python.handed import class_values, handed_helpers
from stackgraph.inference.frontends.python.handing import python_reads, readers_of
from stackgraph.inference.frontends.python.instances import instance_calls, instance_methods
from stackgraph.inference.frontends.python.loops import PythonLoops
from stackgraph.inference.frontends.python.methods import Method
from stackgraph.inference.frontends.python.objects import DATACLASS, fields_of, member, signature
from stackgraph.inference.frontends.python.own_reads import class_reads
from stackgraph.inference.frontends.python.reads import PythonReads, imported_reads
from stackgraph.inference.frontends.python.reassigned import held_at_end, reassigned_reads
from stackgraph.inference.frontends.python.redefined import Redefined
from stackgraph.inference.frontends.python.site_guards import site_guards
from stackgraph.inference.frontends.python.syntax import (
    FAR,
    INSTANCE,
    PULUMI,
    Comprehension,
    FuncNode,
    callee_name,
    defaults_of,
    dotted,
    name_arg,
    params_of,
    shape,
)
from stackgraph.inference.frontends.quoting import written


def find(text: str, file: str) -> ir.FileFacts:
    """Return the facts of one Python file; a syntax error gives facts with `error` set."""
    try:
        tree = ast.parse(text, filename=file)
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        return ir.FileFacts(file, "python", error=f"cannot parse: {getattr(exc, 'msg', exc)} (line {line})")
    except (RecursionError, MemoryError):  # generated code nested deeper than the parser goes
        return ir.FileFacts(file, "python", error="cannot parse: nested too deeply")
    try:
        finder = PythonFinder(tree, file, text)
        facts = finder.facts()
        exports = python_exports(tree, finder.nodes, finder.parent) if "export" in text or "run(" in text else ()
        finder.__dict__.clear()  # its memos hold bound methods: a cycle that kept the tree until the collector ran
    except RecursionError:
        return ir.FileFacts(file, "python", error="cannot read: nested too deeply")
    return dataclasses.replace(facts, exports=exports) if exports else facts


class PythonFinder(PythonLoops):
    """The StackReference sites of one Python file, the values it exports and the calls of its helpers."""

    def facts(self) -> ir.FileFacts:
        sites = [*self._sites(), *class_values(self)]
        helpers = {s.func for s in sites if s.func}
        calls = list(self._calls(helpers))
        sites = [dataclasses.replace(s, closed=c) if (c := self.closed(s.line)) else s for s in sites]
        calls = [dataclasses.replace(c, closed=k) if (k := self.closed(c.line)) else c for c in calls]
        symbols = self._symbols()
        return ir.FileFacts(
            self.file,
            "python",
            sites=tuple(sites),
            symbols=tuple(sorted(symbols.items())),
            calls=tuple(calls),
            imports=tuple(sorted(set(self.specs))),
            guarded=self._guarded(),
            dynamic_import=self.dynamic,
            paths=tuple(dict.fromkeys(self.paths)),
            path_edits=tuple(self.path_edits),
            import_lines=tuple(sorted(self.spec_lines.items())),
            required_imports=tuple(sorted(self.needed.items())),
            name_reads=self._name_reads(),
            readers=readers_of(self),
        )

    def _name_reads(self) -> tuple[ir.NameRead, ...]:
        """The reads on names imported from other modules of the program (see reads.imported_reads)."""
        if not self.stars and all(m.under(ir.ModuleKind.PY, "pulumi") for m in self.modules.values()):
            return ()
        return imported_reads(self._uses(), self.imports, self.modules, self.stars)

    def _guarded(self) -> tuple[tuple[ir.Module, tuple[ir.Expr, ...]], ...]:
        """The imports made only under `if`s, with their tests (a module also imported unguarded is not)."""
        out: list[tuple[ir.Module, tuple[ir.Expr, ...]]] = []
        for spec, chains in sorted(self.guards.items()):
            if any(not chain for chain in chains):
                continue
            for chain in chains:
                tests = []
                for branch, in_body in chain:
                    test = self._test(branch.test, None, branch.lineno, 0)
                    tests.append(test if in_body else ir.negated(test))
                out.append((spec, tuple(tests)))
        return tuple(out)

    def _symbols(self) -> dict[str, ir.Expr]:
        out: dict[str, ir.Expr] = {}
        for stmt in self.tree.body:  # `Settings().env`: what an instance of a module class holds (objects.py)
            if isinstance(stmt, ast.ClassDef) and self.module_class(stmt.name) is stmt:
                ctor = self.ctor(stmt)
                for attr, value in ctor.fields:
                    out[f"{stmt.name}(){INSTANCE}{attr}"] = ir.Function(ctor.params, value, ctor.signature())
        for name, items in self.assigns.get(None, {}).items():
            if getattr(items[-1][1], "defines", None) is None:  # a function, a class: as below
                out[name] = self._settle(name, items, None, FAR, 0)
        for name, imp in self.imports.items():
            out.setdefault(name, imp)
        out.update(self.method_symbols())  # `Refs.name` (methods.py)
        for name, fn in self.functions.items():
            if why := wrapped(self, fn):  # what the decorator returns is not followed (decorators.py)
                out[name] = ir.Unknown(f"the result of {name}(): {why}")
                continue
            returns = [
                n for n in ast.walk(fn) if isinstance(n, ast.Return) and n.value is not None and self._scope(n) is fn
            ]  # not those of nested functions
            if len(returns) == 1:
                body = self.lower(returns[0].value, fn, returns[0].lineno)  # type: ignore[arg-type]  # value: not None, by the filter
                if not isinstance(body, ir.Unknown):
                    out[name] = ir.Function(params_of(fn), body)
            out.update(self._returned_fields(fn, returns))
        return out

    def _returned_fields(self, fn: FuncNode, returns: list[ast.Return]) -> dict[str, ir.Expr]:
        """`parse_stack().name`: each field of the object a module function returns, as a function of its
        parameters (objects.py); of several returns, one of their values."""
        if not any(isinstance(r.value, ast.Call | ast.Name | ast.IfExp | ast.Tuple) for r in returns):
            return {}
        bodies = [self.returned(r.value, fn, r.lineno) for r in returns]  # type: ignore[arg-type]  # value: not None
        keys = tuple(dict.fromkeys(k for b in bodies for k in fields_of(b)))
        if not keys:
            return {}
        params = params_of(fn)
        sig = signature(params, tuple((p, self.lower(d, None, fn.lineno)) for p, d in defaults_of(fn).items()))
        why = f"{fn.name}() has {len(returns)} returns (which one runs is not followed)"
        out: dict[str, ir.Expr] = {}
        for key in keys:
            values = [
                member(b, key) or ir.Unknown(f"'{key}' of a value that is not an object made here") for b in bodies
            ]
            value = values[0] if len(values) == 1 else ir.OneOf(why, tuple(values))
            out[f"{fn.name}(){INSTANCE}{key}"] = ir.Function(params, value, sig)
        return out

    def _sites(self) -> Iterator[ir.Site]:
        for node in self.nodes:
            if not isinstance(node, ast.Call):
                continue
            sub = self._super_init(node)  # `super().__init__(name)` in a subclass of StackReference
            if sub is None and not self._is_stack_reference(node.func):
                continue
            arg = name_arg(node)
            if arg is None:
                continue
            scope = self._scope(node)
            name, loops = self.site_name(node, arg, scope)  # loops over literal items around it (loops.py)
            used = bool(ir.params_in(ir.Concat((name, *irloops.items_of(loops)))))  # its items may read parameters
            while isinstance(scope, Comprehension):  # `[StackReference(f"x/{p}") for _ in y]` in a helper
                scope = self._scope(scope)
            func, params, defaults, name = self._helper(scope, name, used, sub)
            reads, why, handed = self._uses().handing(self._site_reads, node, scope, bound=bool(func))
            mine = sub or self._subclasses().get(callee_name(node.func) or "")
            if mine is not None:  # what the subclass reads on itself (`self.get_output("k")`)
                own, own_why = class_reads(mine, self._uses(), self.parent, self.quoted, self.file)
                reads, why = reads | own, why or own_why
            guards, called = guarded(self, node, bool(func))  # and those of the calls of its function (call_guards.py)
            yield ir.Site(
                self.file, node.lineno, name, self._written(arg, name, scope, node.lineno), "python",
                tuple(sorted(reads)), func, params, defaults, reads_open=why, shared=self._shared(node, scope),
                guards=guards, loops=loops, handed=handed, instance=self.takes_self(scope, func), called_in=called,
                closure=never_called(scope, self._scope, self.functions, self.nodes, self.parent),
                held="" if func else held(self, node),
            )  # fmt: skip

    def _helper(
        self, scope: ast.AST | None, name: ir.Expr, used: bool, sub: ast.ClassDef | None
    ) -> tuple[str | None, tuple[str, ...], tuple[tuple[str, ir.Expr], ...], ir.Expr]:
        """The helper whose calls bind a site's parameters (a module function, a class by its `__init__`, a method:
        `Refs.ref`), its parameters and defaults, and the site's name (a method whose calls are not followed: each
        parameter unknown, saying why)."""
        fn = scope if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) else None
        cls = self._constructed(fn) if used or sub else None
        if cls is not None and fn is not None:  # `class Net: def __init__(self, env)`, called as `Net("prod")`
            return cls, params_of(fn)[1:], self._param_defaults(fn) if used else (), name
        if fn is None or not used:
            return None, (), (), name
        func, params, defaults = fn.name, params_of(fn), self._param_defaults(fn)
        method = self.method_of(fn)
        if isinstance(method, Method):  # `Refs.ref("net")`, `cls.ref(..)`, `Refs().ref(..)` (methods.py)
            return method.name, method.params, defaults, name
        if isinstance(self.parent.get(fn), ast.ClassDef):
            return None, (), (), self.unbound(name, fn, method)
        if why := wrapped(self, fn):  # `@prefixed def ref(..)`: what the decorator calls it with is not followed
            return None, (), (), self.unbound(name, fn, why)
        if (again := self.redefined.helper(fn, name)) is not None:  # `def make` twice: each its own (redefined.py)
            return (again[0], params, defaults, name) if again[0] else (None, (), (), again[1])
        return (
            (func, params, defaults, name) if func in self.functions or func in self.classes else (None, (), (), name)
        )

    def _attribute(self, node: ast.Call) -> str:
        """`self.net` for a site held in an attribute (`self.net = ..` in a method, `net = ..` in a class body:
        its uses are `self.net`, `Class.net`, `app.net`); "" for anything else."""
        var = self._assigned_to(node)
        if var and var.startswith("self.") and var.count(".") == 1:
            return var
        return f"self.{var}" if var and "." not in var and self._in_class(node) else ""

    def _shared(self, node: ast.Call, scope: ast.AST | None) -> str:
        """The name other modules may reach a site by: `net` for `net = StackReference(..)` at module level,
        `net()` for the one `return` of a module function without parameters, `self.net` for an attribute
        (read as `app.net` elsewhere); "" for anything else."""
        attribute = self._attribute(node)
        if attribute:
            return attribute
        if scope is None:  # a class attribute was `_attribute`'s; a name reassigned: what it holds at the end
            var = self._assigned_to(node)
            return var if var and "." not in var and held_at_end(self._uses(), node, var, self._scope) else ""
        if self._result_reads(node, scope) is not None:
            return f"{scope.name}()"  # type: ignore[attr-defined]  # a FunctionDef: checked by _result_reads
        return ""

    def _site_reads(self, node: ast.Call, scope: ast.AST | None, *, bound: bool) -> tuple[set[str], str]:
        """The keys read on a site and why they may not be all (see reads.py); `bound`: a helper whose calls
        bind the site, so the reads on their results are its own (`return ref` hands it to them)."""
        uses = self._uses()
        var = self._attribute(node) or self._assigned_to(node)
        reads, why = uses.on_value(node)
        if var:
            order = reassigned_reads(uses, node, var, self._scope, returned=bound)
            same = self._same(node, var)
            held, held_why = order if order is not None else uses.held(var, returned=bound, same=same)
            reads, why = reads | held, why or held_why
        module = self.modules.get(var.split(".", 1)[0]) if var and "." in var else None
        if module is not None and not module.under(ir.ModuleKind.PY, "pulumi"):  # `refs.net = StackReference(..)`
            why = why or f"`{var}` assigned at {self.file}:{node.lineno} (a name of another module set here: " + (
                "which StackReference a read of it gets depends on the order the modules run in, not followed)"
            )
        result = self._result_reads(node, scope)
        if result is not None:
            reads, why = reads | result[0], why or result[1]
        elif isinstance(self.parent.get(node), ast.Return) and not bound:
            why = why or f"`return {self.quoted(node)}` at {self.file}:{node.lineno} (not followed)"
        return reads, why

    def _call_reads(self, call: ast.Call, *, passed: bool) -> tuple[set[str], str]:
        """The keys read on the result of a call that gives a reference, and why they may not be all
        (`passed`: a `return` of the call hands it to callers whose reads are followed)."""
        uses = self._uses()
        var = self._assigned_to(call)
        reads, why = uses.on_value(call)
        if var:
            held, held_why = uses.held(var, returned=False, same=self._same(call, var))
            reads, why = reads | held, why or held_why
        if isinstance(self.parent.get(call), ast.Return) and not passed:
            why = why or f"`return {self.quoted(call)}` at {self.file}:{call.lineno} (not followed)"
        return reads, why

    def _result_reads(self, node: ast.Call, scope: ast.AST | None) -> tuple[set[str], str] | None:
        """Keys read on the calls in this file of a module-level function without parameters whose one
        `return` gives the site (`def net(): return StackReference(..)`; `net().get_output("k")`, `n = net()`);
        None when the site is not such a function's `return`."""
        up = self.parent.get(node)
        if not (
            isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef)
            and self.functions.get(scope.name) is scope
            and not wrapped(self, scope)
            and not params_of(scope)
            and isinstance(up, ast.Return)
            and up in scope.body
            and sum(isinstance(n, ast.Return) and self._scope(n) is scope for n in ast.walk(scope)) == 1
        ):
            return None
        out: set[str] = set()
        why = ""
        for call in self.nodes:
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == scope.name:
                reads, call_why = self._call_reads(call, passed=False)
                out |= reads
                why = why or call_why
        return out, why

    def _in_class(self, node: ast.AST) -> bool:
        """Whether `node` is in the body of a class (a class attribute), not in a function or the module."""
        up = self.parent.get(node)
        while up is not None and not isinstance(up, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            if isinstance(up, ast.ClassDef):
                return True
            up = self.parent.get(up)
        return False

    def _constructed(self, fn: ast.AST | None) -> str | None:
        """The module-level class whose `__init__` is `fn` (its calls `Class(...)` bind the parameters)."""
        if not isinstance(fn, ast.FunctionDef) or fn.name != "__init__":
            return None
        cls = self.parent.get(fn)  # not of a decorated class (`@dataclass` but): its methods say why (methods.py)
        if not isinstance(cls, ast.ClassDef) or any(
            dotted(getattr(d, "func", d)) not in DATACLASS for d in cls.decorator_list
        ):
            return None
        return cls.name if cls.name in self.classes else None

    def _param_defaults(self, fn: ast.AST) -> tuple[tuple[str, ir.Expr], ...]:
        """The defaults of a helper's parameters (`env=None`, `env=pulumi.get_stack()`), lowered."""
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            return ()
        return tuple((name, self.lower(value, None, fn.lineno)) for name, value in defaults_of(fn).items())

    def _site_guards(self, node: ast.AST) -> tuple[ir.Expr, ...]:
        """The tests of the `if`s, `x if c else y` arms and `and`/`or` around `node` (site_guards.py)."""
        return site_guards(self, node)

    def _subclasses(self) -> dict[str, ast.ClassDef]:
        """The module-level classes that extend StackReference (`class OrgRef(pulumi.StackReference)`)."""
        if self._subs is None:
            self._subs = {
                c.name: c
                for c in self.tree.body
                if isinstance(c, ast.ClassDef) and any(self._is_stack_reference(b, subclass=False) for b in c.bases)
            }
        return self._subs

    def _super_init(self, node: ast.Call) -> ast.ClassDef | None:
        """The subclass of StackReference whose `__init__` makes `node` its `super().__init__(..)` call."""
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "__init__" and isinstance(func.value, ast.Call)):
            return None
        if dotted(func.value.func) != "super" or not self._subclasses():
            return None
        init = self._scope(node)
        cls = self.parent.get(init) if isinstance(init, ast.FunctionDef) and init.name == "__init__" else None
        return cls if isinstance(cls, ast.ClassDef) and self._subclasses().get(cls.name) is cls else None

    def _is_stack_reference(self, func: ast.expr, *, subclass: bool = True, depth: int = 0) -> bool:
        """`StackReference(..)`, `pulumi.StackReference(..)`, or an alias: `from pulumi import StackReference as SR`,
        `SR = pulumi.StackReference` (bound once in the scopes read from; a bare `StackReference(..)` in a file that
        defines its own class of that name is that class)."""
        if callee_name(func) == "StackReference":
            return not (self.local_class and isinstance(func, ast.Name))
        if subclass and isinstance(func, ast.Name) and func.id in self._subclasses():  # one without an `__init__`
            body = self._subclasses()[func.id].body
            return not any(isinstance(f, ast.FunctionDef) and f.name == "__init__" for f in body)
        imported = self.imports.get(func.id) if isinstance(func, ast.Name) else None
        if imported is None and isinstance(func, ast.Name) and depth < 8:
            cur = self._scope(func)
            while not (items := self.assigns.get(cur, {}).get(func.id, [])) and cur is not None:
                if not isinstance(cur, Comprehension) and func.id in params_of(cur):
                    break  # a parameter of that name: whatever the caller gives
                cur = self._scope(cur)
            value = items[0][1] if len(items) == 1 else None
            return isinstance(value, ast.Name | ast.Attribute) and self._is_stack_reference(value, depth=depth + 1)
        return (
            imported is not None
            and imported.name == "StackReference"
            and imported.module.under(ir.ModuleKind.PY, "pulumi")
        )

    def _assigned_to(self, node: ast.AST) -> str | None:
        up = self.parent.get(node)
        if isinstance(up, ast.Assign) and len(up.targets) == 1:
            return dotted(up.targets[0])
        if isinstance(up, ast.AnnAssign):
            return dotted(up.target)
        return None

    def _written(self, arg: ast.expr, name: ir.Expr, scope: ast.AST | None, at: int) -> str:
        """The name argument of a site as evidence: the literals its name is built from as written (quoting.py)."""
        return written(
            lambda limit, keep: shape(arg, self._lines, limit, keep),
            name,
            lambda n: name if n is arg else self.lower(n, scope, at),  # the whole argument: its name, lowered once
        )

    def _uses(self) -> PythonReads:
        """The output keys read on each name of the file, and the uses that cannot be read (made once)."""
        if self._reads is None:
            self._reads = python_reads(self)
        return self._reads

    def _same(self, node: ast.Call, var: str) -> Callable[[ast.AST], bool] | None:
        """For a site (or call) assigned to the plain name `var`: whether a use of `var` is of that binding."""
        if "." in var:
            return None  # an attribute (`self.net`): its uses are read across the methods of the file
        return self.bindings().same(node, var)

    def _key(self, value: ast.expr, call: ast.Call) -> str | None:
        """The string a key given to a helper is (helper_keys.py): a literal, or a name the file gives one value."""
        if isinstance(value, ast.Constant):
            return value.value if isinstance(value.value, str) else None
        if not any(value is a for a in (*call.args, *(k.value for k in call.keywords))):
            return None  # a default that is no literal
        lowered = self.lower(value, self._scope(call), call.lineno)
        return lowered.value if isinstance(lowered, ir.Lit) else None

    def _calls(self, helpers: set[str]) -> Iterator[ir.Call]:
        every = with_passers(helpers | {h.partition("#")[0] for h in helpers}, self._passers)  # `make` of `make#2`
        for call, node in self._calls_of(every):
            yield from self.redefined.split(node, call, every)
        yield from handed_helpers(self, helpers)
        yield from escaped_helpers(self, helpers)  # `f = refs.ref`, `[ref]`, `return ref`
        yield from instance_calls(self)  # `Refs().ref(..)` of a class of another module (instances.py)

    @functools.cached_property
    def redefined(self) -> Redefined:  # the module functions whose name is bound more than once (redefined.py)
        return Redefined(self)

    def _passers(self, helpers: set[str]) -> set[str]:
        """Module functions that call a helper with an argument naming one of their parameters (a cheap,
        generous test: a function wrongly taken makes only calls that bind nothing)."""
        out: set[str] = set()
        for node in self.nodes:
            if not isinstance(node, ast.Call) or not (node.args or node.keywords):
                continue
            scope = self._scope(node)
            if scope is None or self._callee(node.func, helpers, scope) is None:
                continue
            func, params, _ = self._enclosing(scope)
            if func is None or func in helpers or not params:
                continue
            args = (*node.args, *(k.value for k in node.keywords))
            if {n.id for a in args for n in ast.walk(a) if isinstance(n, ast.Name)} & set(params):
                out.add(func)
        return out

    def _enclosing(self, scope: ast.AST | None) -> tuple[str | None, tuple[str, ...], FuncNode | None]:
        """The module-level function or followed method (methods.py) around `scope` (through nested functions),
        its parameters (a method's without `cls` or `self`) and its definition."""
        while scope is not None:
            if isinstance(scope, FuncNode) and self.functions.get(scope.name) is scope:  # (decorated: no helper)
                return (None, (), scope) if wrapped(self, scope) else (scope.name, params_of(scope), scope)
            method = self.method_of(scope)
            if isinstance(method, Method):
                return method.name, method.params, method.fn
            scope = self._scope(scope)
        return None, (), None

    def _calls_of(self, helpers: set[str]) -> Iterator[tuple[ir.Call, ast.Call]]:
        for node in self.nodes:
            if not isinstance(node, ast.Call):
                continue
            scope = self._scope(node)
            callee = self._callee(node.func, helpers, scope)
            if callee is None or (isinstance(callee, ir.Import) and callee.module.under(ir.ModuleKind.PY, "pulumi")):
                continue
            args = tuple(self.lower(a, scope, node.lineno) for a in node.args if not isinstance(a, ast.Starred))
            kwargs = tuple((k.arg, self.lower(k.value, scope, node.lineno)) for k in node.keywords if k.arg)
            func, params, fn = self._enclosing(scope)
            if func is None and fn is not None:  # in a decorated function: its parameters unknown, saying why
                args = tuple(self.unbound(a, fn, wrapped(self, fn)) for a in args)
                kwargs = tuple((k, self.unbound(v, fn, wrapped(self, fn))) for k, v in kwargs)
            if func is None or not any(ir.params_in(a) for a in (*args, *(v for _, v in kwargs))):
                func, params, fn = None, (), None
            reads, why = self._call_reads(node, passed=func is not None)
            defaults = self._param_defaults(fn) if fn else ()
            var = self._assigned_to(node) if scope is None and not self._in_class(node) else None
            guards, called = guarded(self, node, func is not None)
            yield ir.Call(
                callee, args, kwargs, node.lineno, tuple(sorted(reads)), func, params, defaults, reads_open=why,
                shared=var if var and "." not in var else "", guards=guards, called_in=called,
                instance=self.takes_self(fn, func), on_instance=node.func in instance_methods(self),
                held=held(self, node),
            ), node  # fmt: skip

    def _callee(self, func: ast.expr, helpers: set[str], scope: ast.AST | None) -> ir.Expr | None:
        method = self.called_method(func, scope) if helpers else None
        if isinstance(method, Method) and method.name in helpers:  # `Refs.ref(..)`: a helper of a class (methods.py)
            return ir.Lit(method.name)
        if isinstance(func, ast.Name):  # a function's own import, parameter, variable (imported.py), else the module's
            local = self.local_import(func.id, scope)
            if local is not None:
                return local if isinstance(local, ir.Import) else None
            return ir.Lit(func.id) if func.id in helpers else self.imports.get(func.id)
        held = instance_methods(self).get(func)  # `refs.ref(..)` on an instance of a class of another module
        if held is not None or not isinstance(func, ast.Attribute):
            return None if held is None or held.why else held.callee
        module = self.module_named(func.value.id, scope) if isinstance(func.value, ast.Name) else None
        if module is not None:
            return None if module == PULUMI else ir.Import(module, func.attr)
        module = self.member_module(func.value)  # `refs.Refs.ref(..)` after `import refs`
        return ir.Import(module, func.attr) if module is not None else None
