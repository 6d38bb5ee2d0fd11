"""Lower Python expressions to the IR: literals, f-strings, `+`, `%`, `.format`, joins, config reads,
attributes of instances and classes, dict items, splits, and calls of module functions."""

from __future__ import annotations

import ast
from typing import Any

from stackgraph.inference import ir, templates
from stackgraph.inference.frontends import strmethods
from stackgraph.inference.frontends.python.methods import Method, PythonMethods
from stackgraph.inference.frontends.python.objects import fields_of, member
from stackgraph.inference.frontends.python.scopes import class_of
from stackgraph.inference.frontends.python.syntax import (
    CONFIG_READS,
    CURRENT,
    OS,
    PULUMI,
    READ_KINDS,
    SYS,
    FuncNode,
    Imported,
    Opaque,
    Unpacked,
    callee_name,
    defaults_of,
    dotted,
    equality,
    keyword,
    literal_int,
    params_of,
    python_module,
    short,
    split_call,
)


class PythonLowering(PythonMethods):
    """Expressions of one file as IR values (one `_lower_<ast class>` method per kind of node)."""

    # --- lowering ---

    def lower(self, node: ast.expr, scope: ast.AST | None, line: int, depth: int = 0) -> ir.Expr:
        """Lower a Python expression to the IR, looking names up from `scope` at `line`."""
        if depth > 30:
            return ir.Unknown("a value defined in terms of itself, or nested too deeply")
        if self.classy:  # the code of a class body itself reads the class's names (methods and lambdas: not)
            scope = class_of(node, self.parent) or scope
        method = getattr(self, f"_lower_{type(node).__name__}", None)
        if method is None:
            return ir.Unknown(f"a run-time value ({self.quoted(node)})")
        lowered: ir.Expr = method(node, scope, line, depth + 1)
        return lowered

    def _lower_Constant(self, node: ast.Constant, scope: Any, line: int, depth: int) -> ir.Expr:
        if isinstance(node.value, str | int | float) and not isinstance(node.value, bool):
            return ir.Lit(str(node.value))
        if isinstance(node.value, bool):
            return ir.Lit("true" if node.value else "false")
        if node.value is None:
            return ir.Undefined()
        return ir.Unknown("a constant that is not a string")

    def _lower_JoinedStr(self, node: ast.JoinedStr, scope: Any, line: int, depth: int) -> ir.Expr:
        parts: list[ir.Expr] = []
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                parts.append(self.lower(v.value, scope, line, depth))
            else:
                parts.append(self.lower(v, scope, line, depth))
        return ir.concat(parts)

    def _lower_BinOp(self, node: ast.BinOp, scope: Any, line: int, depth: int) -> ir.Expr:
        if isinstance(node.op, ast.Add):
            if self._numeric(node.left, scope) or self._numeric(node.right, scope):
                return ir.Unknown("an arithmetic expression")  # `1 + 1` is 2, not "11"
            left_line = getattr(node, "target_line", line)
            return ir.concat(
                [self.lower(node.left, scope, left_line, depth), self.lower(node.right, scope, line, depth)]
            )
        if isinstance(node.op, ast.Mod):
            template = self.lower(node.left, scope, line, depth)
            if isinstance(template, ir.Lit):
                items = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
                return templates.printf(template.value, [self.lower(i, scope, line, depth) for i in items])
        return ir.Unknown("an arithmetic expression")

    def _numeric(self, node: ast.expr, scope: Any, depth: int = 0, seen: set[str] | None = None) -> bool:
        """Whether a `+` operand is a number (a literal, a name given one, or a sum of them).

        Each name is followed once per question (`seen`): a name assigned many times in terms of itself
        (`total = total + x` in a loop) made this exponential, minutes for one file."""
        if isinstance(node, ast.Constant):
            return isinstance(node.value, int | float | complex)
        if isinstance(node, ast.UnaryOp):
            return self._numeric(node.operand, scope, depth, seen)
        if isinstance(node, ast.BinOp) and depth < 10:
            return self._numeric(node.left, scope, depth + 1, seen) or self._numeric(node.right, scope, depth + 1, seen)
        if isinstance(node, ast.Name) and depth < 10:
            seen = set() if seen is None else seen
            if node.id in seen:
                return False  # already being answered higher up, or answered False
            seen.add(node.id)
            items = [v for cur in (scope, None) for _, v in self.assigns.get(cur, {}).get(node.id, [])]
            return any(self._numeric(v, scope, depth + 1, seen) for v in items if not isinstance(v, Opaque))
        return False

    def _lower_IfExp(self, node: ast.IfExp, scope: Any, line: int, depth: int) -> ir.Expr:
        return ir.Conditional(
            self._test(node.test, scope, line, depth),
            self.lower(node.body, scope, line, depth),
            self.lower(node.orelse, scope, line, depth),
        )

    def _test(self, node: ast.expr, scope: Any, line: int, depth: int) -> ir.Expr:
        if isinstance(node, ast.Compare) and equality(node):
            left, right = (self.lower(n, scope, line, depth) for n in (node.left, node.comparators[0]))
            return ir.Eq(left, right, isinstance(node.ops[0], ast.NotEq | ast.IsNot))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return ir.negated(self._test(node.operand, scope, line, depth))
        if isinstance(node, ast.BoolOp):  # `not a or not b`: each operand a test of its own
            tests = tuple(self._test(v, scope, line, depth) for v in node.values)
            return ir.Junction(tests, isinstance(node.op, ast.And))
        return self._has(node, scope, line, depth) or ir.Truthy(self.lower(node, scope, line, depth))

    def _has(self, node: ast.expr, scope: Any, line: int, depth: int) -> ir.Has | None:
        """`s.startswith(p)`, `s.endswith((p, q))`, `p in s`, `s in ("a", "b")`, `s not in [..]` (else None)."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and len(node.args) == 1:
            how = {"startswith": "prefix", "endswith": "suffix"}.get(node.func.attr)
            arg = node.args[0]
            if how is None or node.keywords or isinstance(arg, ast.Starred):
                return None
            pieces = arg.elts if isinstance(arg, ast.Tuple) else [arg]
            if any(isinstance(p, ast.Starred) for p in pieces):
                return None
            value = self.lower(node.func.value, scope, line, depth)
            return ir.Has(how, value, tuple(self.lower(p, scope, line, depth) for p in pieces))
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.In | ast.NotIn)):
            return None
        negate, box = isinstance(node.ops[0], ast.NotIn), node.comparators[0]
        item = self.lower(node.left, scope, line, depth)
        if isinstance(box, ast.Tuple | ast.List | ast.Set):
            if any(isinstance(e, ast.Starred) or _not_text(e) for e in box.elts):
                return None  # `*rest`, or a number that the name (a string) never equals
            return ir.Has("equal", item, tuple(self.lower(e, scope, line, depth) for e in box.elts), negate)
        return ir.Has("part", self.lower(box, scope, line, depth), (item,), negate)

    def _lower_BoolOp(self, node: ast.BoolOp, scope: Any, line: int, depth: int) -> ir.Expr:
        if isinstance(node.op, ast.Or):  # `a or b or c` is `(a or b) or c`
            out = self.lower(node.values[0], scope, line, depth)
            for value in node.values[1:]:
                out = ir.with_default(out, self.lower(value, scope, line, depth), "falsy")
            return out
        return ir.Unknown("a boolean expression")

    def _lower_Opaque(self, node: Opaque, scope: Any, line: int, depth: int) -> ir.Expr:
        return ir.Unknown(node.why)

    def _lower_Imported(self, node: Imported, scope: Any, line: int, depth: int) -> ir.Expr:
        return node.value

    def _lower_Name(self, node: ast.Name, scope: Any, line: int, depth: int) -> ir.Expr:
        found = self.lookup(node.id, scope, line, depth)
        if isinstance(found, ir.Record) and any((node.id, k) in self.mutated for k in found.keys):
            why = f"'{node.id}.{{}}', set again after {found.kind}(..) is made"  # `info.name = ..` in this file
            values = (
                ir.Unknown(why.format(k)) if (node.id, k) in self.mutated else v
                for k, v in zip(found.keys, found.values, strict=True)
            )
            return ir.Record(found.kind, found.keys, tuple(values))
        return found

    def _lower_Attribute(self, node: ast.Attribute, scope: Any, line: int, depth: int) -> ir.Expr:
        module = self.module_named(node.value.id, scope) if isinstance(node.value, ast.Name) else None
        if isinstance(node.value, ast.Name) and module is not None:
            if module in (OS, SYS):
                return ir.Unknown(f"a run-time value ({node.value.id}.{node.attr})")
            return ir.Import(module, node.attr)
        if isinstance(node.value, ast.Attribute) and dotted(node.value) in self.submodules:  # `import a.b`: a.b.name
            return ir.Import(python_module(dotted(node.value) or ""), node.attr)
        if isinstance(node.value, ast.Name) and node.value.id == "self":
            found = self._self_attr(node.attr, scope, line, depth)
            if found is not None:
                return found
        if isinstance(node.value, ast.Call) or (
            isinstance(node.value, ast.Name) and (node.value.id, node.attr) not in self.mutated
        ):
            found = self._field(node.value, node.attr, scope, line, depth)
            if found is not None:
                return found
        return ir.Unknown(f"an attribute ({self.quoted(node)})")

    def _field(self, value: ast.expr, attr: str, scope: Any, line: int, depth: int) -> ir.Expr | None:
        """`info.name` of an object a constructor or a function makes (`info = parse_stack()`, `parse_stack().name`):
        the value it gives the field (objects.py); None when `value` is no such object."""
        obj = self.lower(value, scope, line, depth)
        found = member(obj, attr)
        if found is None and isinstance(obj, ir.Unknown) and self._makes(value, scope):
            return ir.Unknown(f"'{attr}' of {self.quoted(value)}: {obj.why}")
        return found

    def _makes(self, value: ast.expr, scope: Any) -> bool:
        """Whether `value` is a call of a class or function of this file, directly or through a name given one."""
        if isinstance(value, ast.Name):
            items = self._seen_assigns(value.id, scope)
            value = items[0][1] if len(items) == 1 else value
        func = value.func if isinstance(value, ast.Call) else None
        return isinstance(func, ast.Name) and (func.id in self.functions or self.module_class(func.id) is not None)

    def _self_attr(self, attr: str, scope: ast.AST | None, line: int, depth: int) -> ir.Expr | None:
        """`self.env` set once, in `__init__`, to a value that needs no parameter (read after it is set)."""
        cls = self.parent.get(scope) if scope is not None else None
        if not isinstance(cls, ast.ClassDef):
            return None
        items = self.attrs.get((cls, attr), [])
        if len(items) != 1:
            return None
        method, at, value = items[0]
        if getattr(method, "name", "") != "__init__" or (method is scope and at >= line):
            return None
        if method is not scope and any(a == attr and c is not cls for c, a in self.attrs):
            return None  # another class (a subclass?) sets it too: which value a method reads is not certain
        lowered = self.lower(value, method, at, depth)
        return None if ir.params_in(lowered) else lowered

    def _lower_Subscript(self, node: ast.Subscript, scope: Any, line: int, depth: int) -> ir.Expr:
        key = node.slice
        if dotted(node.value) == "os.environ" and isinstance(key, ast.Constant):
            return ir.Unknown(f"environment variable {key.value!s}, read at run time")
        if isinstance(key, ast.Constant) and isinstance(key.value, int) and not isinstance(key.value, bool):
            split = self._split(node.value, key.value, scope, line, depth)
            if split is not None:
                return split
        if (
            isinstance(key, ast.UnaryOp)
            and isinstance(key.op, ast.USub)
            and isinstance(key.operand, ast.Constant)
            and type(key.operand.value) is int  # not `x[-"a"]` (parsed, fails only when run)
        ):
            split = self._split(node.value, -key.operand.value, scope, line, depth)
            if split is not None:
                return split
        if isinstance(key, ast.Constant) and isinstance(key.value, str):  # `settings["stack"]` of require_object
            member_of = ir.config_member(self.lower(node.value, scope, line, depth), key.value)
            if member_of is not None:
                return member_of
        bounds = _bounds(key) if isinstance(key, ast.Slice) and key.step is None else None
        if bounds is not None:  # `get_stack()[:3]`, `[-4:]`
            return strmethods.folded(ir.Slice(self.lower(node.value, scope, line, depth), *bounds))
        if isinstance(node.value, ast.Name) and not isinstance(key, ast.Constant | ast.Slice):
            table = self._dict_of(node.value.id, scope)
            if table is not None:
                return self._select(table, key, scope, line, depth)
        if isinstance(node.value, ast.Name) and isinstance(key, ast.Constant):
            found = self._dict_value(node.value.id, scope, line, key.value)
            if found is not None:
                return found if isinstance(found, ir.Unknown) else self.lower(found, scope, line, depth)
        return ir.Unknown(f"an item of a run-time value ({self.quoted(node)})")

    def _split(
        self, value: ast.expr, index: Any, scope: Any, line: int, depth: int, targets: int = 0, starred: bool = False
    ) -> ir.Expr | None:
        """`s.split("-")[1]`, `s.split("-", 1)[1]` (also through a name assigned `s.split("-")` once); an item of
        an unpacking of `targets` names (`Unpacked`)."""
        if not isinstance(index, int):
            return None
        if isinstance(value, ast.Name):
            items = self._seen_assigns(value.id, scope)
            if len(items) != 1 or isinstance(items[0][1], Opaque | Unpacked):
                return None
            value = items[0][1]
        found = split_call(value)
        if found is None:
            return None
        source, sep, limit, right = found
        return ir.Split(self.lower(source, scope, line, depth), sep, index, limit, targets, starred, right)

    def _lower_Unpacked(self, node: Unpacked, scope: Any, line: int, depth: int) -> ir.Expr:  # of a split or a call
        split = self._split(node.source, node.index, scope, node.lineno, depth, node.targets, node.starred)
        found = split if split is not None else self.unpacked_item(node, scope, depth)
        return found if found is not None else self._lower_Opaque(Opaque(), scope, line, depth)

    def _dict_of(self, name: str, scope: ast.AST | None) -> ast.Dict | None:
        """The dict literal a name is given once (in the scope a read in `scope` sees it in), else None."""
        items = self._seen_assigns(name, scope) if (name, "[]") not in self.mutated else []
        return items[0][1] if len(items) == 1 and isinstance(items[0][1], ast.Dict) else None

    def _select(self, table: ast.Dict, key: ast.expr, scope: Any, line: int, depth: int) -> ir.Expr:
        """`STACKS[pulumi.get_stack()]` on a dict literal: the entry picked per stack."""
        keys: list[str] = []
        values: list[ir.Expr] = []
        for k, v in zip(table.keys, table.values, strict=True):
            if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
                return ir.Unknown("an item of a dict that is not written out")
            keys.append(k.value)
            values.append(self.lower(v, scope, line, depth))
        return ir.Select(tuple(keys), tuple(values), self.lower(key, scope, line, depth))

    def _dict_value(self, name: str, scope: ast.AST | None, line: int, key: object) -> ast.expr | ir.Unknown | None:
        """The value at `key` of the dict literal `name` is given once (in the scope a read in `scope` sees it in), else
        None; unknown when it is given several values, one a dict literal (which one a read sees is not followed)."""
        items = self._seen_assigns(name, scope) if (name, "[]") not in self.mutated else []
        if len(items) > 1 and any(isinstance(v, ast.Dict) for _, v in items):
            return ir.Unknown(
                f"'{name}[...]', a dict given several values (the last at {self.file}:{items[-1][0]}): which one the "
                "read sees is not followed"
            )
        table = items[0][1] if len(items) == 1 else None
        if not isinstance(table, ast.Dict):
            return None
        return next((v for k, v in zip(table.keys, table.values, strict=True) if _is_key(k, key)), None)

    def _lower_Call(self, node: ast.Call, scope: Any, line: int, depth: int) -> ir.Expr:
        func = node.func
        name = callee_name(func)
        args = node.args
        if name in CURRENT and not args and not self._shadowed(func):
            return CURRENT[name]
        if name == "Config":
            ns = keyword(node, "name") or (args[0] if args else None)
            if ns is None:
                return ir.ConfigObject(None)
            lowered = self.lower(ns, scope, line, depth)
            if isinstance(lowered, ir.CurrentProject):  # `Config(get_project())`: the project's own namespace
                return ir.ConfigObject(None)
            return ir.ConfigObject(lowered.value) if isinstance(lowered, ir.Lit) else ir.Unknown("a Config namespace")
        if name in ("getenv", "get") and dotted(func) in ("os.getenv", "os.environ.get") and args:
            return ir.Unknown(f"environment variable {short(ast.unparse(args[0]), 40)}, read at run time")
        if name == "str" and len(args) == 1:
            return self.lower(args[0], scope, line, depth)
        called = self._imported_call(func, node, scope, line, depth) if isinstance(func, ast.Name) else None
        if called is not None:
            return called
        if isinstance(func, ast.Attribute):
            return self._attribute_call(node, func, scope, line, depth)
        if name in self.functions and name is not None:  # (a decorated one: unknown, saying why: decorators.py)
            return self.unwrapped(name) or self._inline(self.functions[name], node, scope, line, depth)
        cls = self.module_class(func.id) if isinstance(func, ast.Name) else None
        if cls is not None:  # `StackInfo(name=..)`: an object whose fields may be read (objects.py)
            return self.made(cls, node, scope, line, depth)
        return ir.Unknown(f"the result of {self.quoted(func)}()")

    def _imported_call(self, func: ast.Name, node: ast.Call, scope: Any, line: int, depth: int) -> ir.Expr | None:
        """A call of a name an import gives: the function's own (`from b import make` in it), else the module's."""
        called = self.local_import(func.id, scope)
        if called is None and func.id in self.imports and func.id not in self.functions:
            called = self.imports[func.id]
        return self._apply(called, node, scope, line, depth) if isinstance(called, ir.Import) else called

    def _attribute_call(self, node: ast.Call, func: ast.Attribute, scope: Any, line: int, depth: int) -> ir.Expr:
        """`module.f(..)`, a method of a class of the file (`Refs.name(..)`, `cls.name(..)`: methods.py), a config
        read, a string method, ..."""
        module = self.module_named(func.value.id, scope) if isinstance(func.value, ast.Name) else None
        if module is not None and module != PULUMI:
            return self._apply(ir.Import(module, func.attr), node, scope, line, depth)
        called = self.called_method(func, scope)
        if isinstance(called, Method):
            return self._inline(called.fn, node, scope, line, depth, called.skip)
        if called is not None:
            return ir.Unknown(f"the result of {called}")
        return self._method(node, func, scope, line, depth)

    def _apply(self, callee: ir.Import, node: ast.Call, scope: Any, line: int, depth: int) -> ir.Apply:
        """A call of a function of another module, with its positional and keyword arguments."""
        args = [self.lower(a, scope, line, depth) for a in node.args]
        named = [k for k in node.keywords if k.arg]
        if not named:
            return ir.Apply(callee, tuple(args))
        args += [self.lower(k.value, scope, line, depth) for k in named]
        return ir.Apply(callee, tuple(args), names=("",) * len(node.args) + tuple(str(k.arg) for k in named))

    def _shadowed(self, func: ast.expr) -> bool:
        """Whether `get_stack()` (or `x.get_stack()`) is not Pulumi's: a function of this file, a name imported
        from another module, or a function of a module other than pulumi (`helpers.get_stack()`)."""
        if isinstance(func, ast.Name):
            imported = self.imports.get(func.id)
            return func.id in self.functions or (imported is not None and imported.module != PULUMI)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            return self.modules.get(func.value.id, PULUMI) != PULUMI
        return False

    def _method(self, node: ast.Call, func: ast.Attribute, scope: Any, line: int, depth: int) -> ir.Expr:
        args = [self.lower(a, scope, line, depth) for a in node.args]
        found = self._config_method(func, args, scope, line, depth)
        if found is None:
            found = self._string_method(node, func, args, scope, line, depth)
        if found is None:
            found = self._pulumi_method(func, args)
        module = self.member_module(func.value) if found is None else None  # `refs.Refs.name(..)`, `import refs`
        if module is not None:
            return self._apply(ir.Import(module, func.attr), node, scope, line, depth)
        return found if found is not None else ir.Unknown(f"the result of {self.quoted(func)}()")

    def _config_method(
        self, func: ast.Attribute, args: list[ir.Expr], scope: Any, line: int, depth: int
    ) -> ir.Expr | None:
        """`config.get(key[, default])` and the other reads (None: not a config read)."""
        if (attr := func.attr) not in CONFIG_READS:
            return None
        receiver = self.lower(func.value, scope, line, depth)
        key = args[0] if args else None
        default = args[1] if len(args) > 1 and attr == "get" else None
        if not isinstance(key, ir.Lit):
            return None
        if isinstance(receiver, ir.ConfigObject):
            return ir.ConfigRead(receiver.namespace, key.value, default, kind=READ_KINDS.get(attr, ""))
        if isinstance(receiver, ir.Import | ir.Param):  # a Config of another module, or handed in (each call's)
            return ir.ConfigVia(receiver, key.value, default, kind=READ_KINDS.get(attr, ""))
        member_of = ir.config_member(receiver, key.value) if attr == "get" else None
        if member_of is not None:  # `settings.get("stack", "d")` on a dict from require_object
            return ir.with_default(member_of, default) if default is not None else member_of
        return None

    def _string_method(
        self, node: ast.Call, func: ast.Attribute, args: list[ir.Expr], scope: Any, line: int, depth: int
    ) -> ir.Expr | None:
        """`"..".format(..)`, `"sep".join([..])`, `s.lower()` (None: none of those)."""
        attr = func.attr
        if attr == "format" and isinstance(func.value, ast.Constant) and isinstance(func.value.value, str):
            kwargs = {k.arg: self.lower(k.value, scope, line, depth) for k in node.keywords if k.arg}
            return templates.brace_format(func.value.value, args, kwargs)
        if attr == "join" and isinstance(func.value, ast.Constant) and len(node.args) == 1:
            items = node.args[0]
            if isinstance(items, ast.List | ast.Tuple):
                sep = ir.Lit(str(func.value.value))
                parts: list[ir.Expr] = []
                for i, item in enumerate(items.elts):
                    parts.extend([sep] if i else [])
                    parts.append(self.lower(item, scope, line, depth))
                return ir.concat(parts)
        if attr in strmethods.PYTHON and not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args):
            return self._str_method(node, func, args, scope, line, depth)
        return None

    def _str_method(
        self, node: ast.Call, func: ast.Attribute, args: list[ir.Expr], scope: Any, line: int, depth: int
    ) -> ir.Expr | None:
        """`s.lower()`, `s.replace(a, b, 1)`, ... (strmethods.py); `count=` is Python 3.13's only: not read."""
        count = literal_int(node.args[2]) if len(node.args) > 2 else None
        value = self.lower(func.value, scope, line, depth)
        return strmethods.python_method(func.attr, value, args, count, self.quoted(func))

    def _pulumi_method(self, func: ast.Attribute, args: list[ir.Expr]) -> ir.Expr | None:
        """`pulumi.get_stack()`, `Output.concat(..)`, `Output.format(..)` (None: none of those)."""
        attr = func.attr
        if attr in CURRENT and not args:
            return CURRENT[attr]
        is_output = dotted(func.value) in ("pulumi.Output", "Output")
        if attr == "concat" and is_output:
            return ir.concat(args)
        if attr == "format" and is_output and args and isinstance(args[0], ir.Lit):
            return templates.brace_format(args[0].value, args[1:])
        return None

    def _inline(self, fn: FuncNode, node: ast.Call, scope: Any, line: int, depth: int, skip: int = 0) -> ir.Expr:
        """A call to a module function that returns a name: lower its `return` with the arguments bound (a
        method's: its first `skip` parameters, `cls` or `self`, are not the call's)."""
        returns = [
            n for n in ast.walk(fn) if isinstance(n, ast.Return) and n.value is not None and self._scope(n) is fn
        ]  # not those of nested functions
        owner = self.parent.get(fn)
        label = f"{owner.name}.{fn.name}" if isinstance(owner, ast.ClassDef) else fn.name  # a method: `Refs.name`
        several = len(returns) > 1 and any(isinstance(r.value, ast.Call) for r in returns)
        memo: dict[tuple[int, int], list[ir.Expr]] = self.__dict__.setdefault("_bodies", {})  # one per call: slow
        if (id(fn), depth) not in memo:
            picked = returns[: None if several else 1]
            memo[(id(fn), depth)] = [self.returned(r.value, fn, r.lineno, depth) for r in picked if r.value]
        bodies = memo[(id(fn), depth)]
        if several and any(fields_of(b) for b in bodies):  # objects: a field they all agree on is known
            body: ir.Expr = ir.OneOf(
                f"{label}() has {len(returns)} returns (which one runs is not followed)", tuple(bodies)
            )
        elif len(returns) != 1:
            return ir.Unknown(f"the result of {label}()")
        else:
            body = bodies[0]
        params = params_of(fn)
        binding: dict[str, ir.Expr] = {p: ir.Unknown(f"'{p}' of {fn.name}(), an object") for p in params[:skip]}
        binding.update({p: self.lower(a, scope, line, depth) for p, a in zip(params[skip:], node.args, strict=False)})
        binding.update({k.arg: self.lower(k.value, scope, line, depth) for k in node.keywords if k.arg})
        for p, d in defaults_of(fn).items():
            binding.setdefault(p, self.lower(d, None, line, depth))
        return ir.substitute(body, binding)


def _not_text(node: ast.expr) -> bool:
    """A constant that is not a string (`1`, `None`): lowered as text, it would compare equal where Python does not."""
    return isinstance(node, ast.Constant) and not isinstance(node.value, str)


def _bounds(key: ast.Slice) -> tuple[int | None, int | None] | None:
    """The bounds of a slice when each is a literal integer or left out (`[1:-2]`, `[:3]`), else None."""
    lower, upper = (literal_int(b) if b is not None else None for b in (key.lower, key.upper))
    if (lower is None and key.lower is not None) or (upper is None and key.upper is not None):
        return None
    return lower, upper


def _is_key(node: ast.expr | None, key: object) -> bool:
    return isinstance(node, ast.Constant) and node.value == key
