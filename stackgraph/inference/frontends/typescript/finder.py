"""Find StackReferences in TypeScript and JavaScript with the tree-sitter grammars.

Sites: `new pulumi.StackReference(name)`, `new StackReference(name)` and the
two-argument form `new StackReference("logical", { name })` where the FIRST
argument is only the resource name. Names are lowered from string and template
literals, `+`, `[..].join(sep)`, `.concat`, `util.format`, `pulumi.interpolate`,
constants (local, file-level, imported with ES `import` or `require`, re-exported
with `export * from`), const object members, `new Config(ns).get/require(key)` with
`??` / `||` defaults, `getStack()`, `getProject()`, `getOrganization()`, ternaries,
and helper parameters. Type-only mentions (imports, annotations) are no sites.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackgraph.inference import ir, irloops
from stackgraph.inference.frontends.passers import with_passers
from stackgraph.inference.frontends.quoting import as_written, shape
from stackgraph.inference.frontends.site_guards import site_guards
from stackgraph.inference.frontends.treesitter import Node, line, text, walk
from stackgraph.inference.frontends.typescript import exports
from stackgraph.inference.frontends.typescript.call_guards import call_guards, ts_held
from stackgraph.inference.frontends.typescript.dispatch import load_guards
from stackgraph.inference.frontends.typescript.escaped import escaped_helpers
from stackgraph.inference.frontends.typescript.handed import class_values, handed_helpers
from stackgraph.inference.frontends.typescript.imported import imported_reads
from stackgraph.inference.frontends.typescript.loops import TypeScriptLoops
from stackgraph.inference.frontends.typescript.methods import method_call, method_name, open_why, this_fields
from stackgraph.inference.frontends.typescript.reassigned import reassigned_reads
from stackgraph.inference.frontends.typescript.redeclared import declared_again
from stackgraph.inference.frontends.typescript.syntax import (
    FUNCTIONS,
    OUTPUT_READS,
    WRAPPERS,
    holder_of,
    last_name,
    name_arg,
    pattern_names,
    string_value,
    unwrap,
)


class TypeScriptFinder(TypeScriptLoops):
    """The StackReference sites of one TypeScript or JavaScript file, its exports and its helper calls."""

    @classmethod
    def exported(cls, root: Node) -> tuple[ir.Exported, ...]:
        return exports.js_exports(root, _js_string)

    LANGUAGE = "typescript"

    @classmethod
    def facts_language(cls, language: str) -> str:
        """TSX is TypeScript; JavaScript stays JavaScript."""
        return "javascript" if language == "javascript" else "typescript"

    def facts(self) -> ir.FileFacts:
        sites = list(self._sites())
        helpers = {s.func for s in sites if s.func}
        return ir.FileFacts(
            self.file,
            self.language,
            sites=tuple(sites),
            symbols=tuple(sorted(self.symbols().items())),
            calls=tuple(self._helper_calls(helpers)),
            imports=tuple(sorted(set(self.specs))),
            import_lines=tuple(sorted(self.spec_lines.items())),
            guarded=self._guarded(),
            dynamic_import=self.dynamic,
            name_reads=imported_reads(self),
            readers=self.read_uses.helpers.readers() if self.read_uses.helpers is not None else (),
        )

    def symbols(self) -> dict[str, ir.Expr]:
        out = super().symbols()
        for name, items in self.decls.get(0, {}).items():  # members of const objects: `names.cluster`
            value = unwrap(items[-1][1])
            if value is not None and value.type == "object":
                for pair in value.named_children:
                    key = pair.child_by_field_name("key") if pair.type == "pair" else None
                    if key is not None:
                        member = string_value(key) or text(key)
                        out[f"{name}.{member}"] = self.lower(pair.child_by_field_name("value"), None, line(pair))
        for name, members in self.enums().items():  # `Env.Prod` of a string enum (enums.py)
            out.update({f"{name}.{member}": value for member, value in members.items()})
        for name, module in self.modules.items():
            out.setdefault(name, ir.Unknown(f"the module {module.path}"))
        for name, fn in self.functions.items():
            body = self._returned(fn)
            if not isinstance(body, ir.Unknown):
                out[name] = ir.Function(self.params(fn), body)
        return out

    def _guarded(self) -> tuple[tuple[ir.Module, tuple[ir.Expr, ...]], ...]:
        """The modules loaded only under an `if` on the stack or by a loader chosen by it (dispatch.py), with the
        tests of each load (a module also loaded otherwise, or by an `import` statement, is not)."""
        chains: dict[ir.Module, list[tuple[ir.Expr, ...]]] = {}
        for module, node in self.loads:
            chains.setdefault(module, []).append(load_guards(self, node))
        out = []
        for module, found in sorted(chains.items()):
            if all(found) and self.specs.count(module) == len(found):
                out += [(module, tests) for tests in found]
        return tuple(out)

    def _site_guards(self, node: Node, helper: bool = False) -> tuple[ir.Expr, ...]:
        """The tests of the `if`s, `?:` arms, `&&`/`||` and `switch` clauses around `node` (site_guards.py),
        innermost first, then those of the calls of the module function holding it (call_guards.py), unless it
        is in a `helper` (its calls are followed with their arguments, and their tests: refs.py)."""
        called = None if helper else call_guards(self, node, self.called_under)
        return (*site_guards(self, node), called) if called is not None else site_guards(self, node)

    def _site_nodes(self) -> Iterator[tuple[Node, Node | None]]:
        """`new StackReference(..)` (or of a subclass without a constructor), and `super(..)` in the constructor of
        a file-level subclass of StackReference, with that subclass (None for the first)."""
        for node in self.news:
            ctor = node.child_by_field_name("constructor")
            if ctor is not None and self._is_stack_reference(ctor):
                yield node, self._subclasses().get(text(ctor)) if ctor.type == "identifier" else None
        for cls in self._subclasses().values():
            for node in walk(cls):
                if node.type == "call_expression" and (f := node.child_by_field_name("function")) and f.type == "super":
                    scope = self.scope_of(node)
                    if scope is not None and self.function_name(scope) is not None:  # the constructor itself
                        yield node, cls

    def _subclasses(self) -> dict[str, Node]:
        """The file-level classes that extend StackReference (`class OrgRef extends pulumi.StackReference`)."""
        if self._subs is None:
            self._subs = {}
            for cls in self.class_nodes:
                name, base = cls.child_by_field_name("name"), _extended(cls)
                if name and base and self.scope_of(cls) is None and self._is_stack_reference(base, subclass=False):
                    self._subs[text(name)] = cls
        return self._subs

    def _class_reads(self, cls: Node) -> tuple[set[str], str]:
        """The keys a subclass of StackReference reads on itself (`this.getOutput("k")`, `this.outputs.k`), and
        the first use that cannot be read: a key computed at run time, or `this` handed on."""
        keys: set[str] = set()
        why = ""
        for node in walk(cls):
            up = node.parent if node.type == "this" else None
            if up is None:
                continue
            if up.type == "member_expression":
                prop = up.child_by_field_name("property")
                if prop is not None and (text(prop) in OUTPUT_READS or text(prop) == "outputs"):
                    key, open_why = self.read_uses.member(up)
                    keys |= {key} if key is not None else set()
                    why = why or open_why
                continue  # `this.x`: a member of the subclass's own
            shown = up.parent if up.type == "arguments" and up.parent is not None else up  # the call handed it
            why = why or f"`{shape(shown)}` at {self.file}:{line(node)} (handed on)"
        return keys, why

    def _sites(self) -> Iterator[ir.Site]:
        for node, sub in self._site_nodes():
            args = node.child_by_field_name("arguments")
            scope = self.scope_of(node)
            items = [c for c in args.named_children if c.type != "comment"] if args is not None else []
            arg, unknown = name_arg(self.args_held(items, 1, scope))
            if arg is None:
                continue
            name, loops = (ir.Unknown(unknown), ()) if unknown else self.site_name(node, arg, scope)  # loops.py
            inside = sub is not None and node.type == "call_expression"  # `super(..)`: instances are made by calls
            read = ir.params_in(ir.Concat((name, *irloops.items_of(loops))))  # the items of its loops may read some
            func, params = self._enclosing(scope) if inside or read else (None, ())
            again = declared_again(self, scope) if func else ""
            again = again or ("" if func or not read else open_why(self, scope))  # a method of a class: why not
            if again:  # `function make` declared twice: the last is the one every call runs (hoisting)
                func, params, name = None, (), ir.substitute(name, dict.fromkeys(ir.params_in(name), ir.Unknown(again)))
            reads, why, handed = self.read_uses.handing(self._site_reads, node, scope, bound=bool(func))
            if sub is not None:  # what the subclass reads on itself
                own, own_why = self._class_reads(sub)
                reads, why = reads | own, why or own_why
            defaults = self._defaults(scope) if func else ()
            shared = f"{self.function_name(scope)}()" if scope and self._result_reads(node, scope) is not None else ""
            shared = shared or (self.read_uses.shared_name(node) if scope is None else "")  # `export const net = ..`
            shared = holder if (holder := holder_of(node) or "").startswith("this.") else shared  # read as `app.net`
            shown = as_written(arg, name, self, scope, line(node))  # the name as written, its literals maybe `...`
            yield ir.Site(self.file, line(node), name, shown, self.language, tuple(sorted(reads)),
                          func, params, defaults, reads_open=why, shared=shared,
                          guards=self._site_guards(node, bool(func)), loops=loops, handed=handed,
                          held="" if func else ts_held(self, node))  # fmt: skip
        yield from class_values(self)  # `make(pulumi.StackReference, name)`

    def _site_reads(self, node: Node, scope: Node | None, *, bound: bool) -> tuple[set[str], str]:
        """The keys read on a site and why they may not be all (see reads.py); `bound`: a helper whose calls
        bind the site, so the reads on their results are its own (`return net` hands it to them)."""
        result = self._result_reads(node, scope)
        reads, why = self._value_reads(node, returned=bound or result is not None)
        if result is not None:
            return reads | result[0], why or result[1]
        return reads, why

    def _value_reads(self, node: Node, *, returned: bool) -> tuple[set[str], str]:
        """The keys read on the value of a `new` or a call and why they may not be all: read on it, on the
        variable holding it, or handed on (`returned`: a `return` of it hands it to callers that are followed)."""
        reads, why = self.read_uses.on_value(node)
        holder = holder_of(node)
        if holder:
            order = reassigned_reads(self.read_uses, node, holder, self.scope_of, returned=returned)
            held, held_why = order if order is not None else self.read_uses.held(holder, returned=returned)
            reads, why = reads | held, why or held_why
        if not returned and not why and _returned(node):
            why = f"`return {shape(node)}` at {self.file}:{line(node)} (not followed)"
        return reads, why

    def _result_reads(self, node: Node, scope: Node | None) -> tuple[set[str], str] | None:
        """Keys read on the calls in this file of a module-level function without parameters that returns
        the site (`const net = () => new StackReference(..)`; `net().getOutput("k")`, `const n = net()`), and
        why they may not be all; None when the site is not what such a function returns."""
        if scope is None or scope.type == "method_definition" or self.params(scope):
            return None
        up = node.parent
        while up is not None and up.type in WRAPPERS:
            up = up.parent
        body = scope.child_by_field_name("body")
        sole = up == scope or (  # `() => new X(..)`, or the one `return` of the body, written in it
            up is not None and up.type == "return_statement" and up.parent == body and _returns(scope) == 1
        )
        fname = self.function_name(scope) if sole else None
        if fname is None:
            return None
        out: set[str] = set()
        why = ""
        for call in self.calls:
            func = call.child_by_field_name("function")
            if func is not None and func.type == "identifier" and text(func) == fname and self.scope_of(call) != scope:
                reads, call_why = self._value_reads(call, returned=False)
                out, why = out | reads, why or call_why
        return out, why

    def _is_stack_reference(self, ctor: Node, *, subclass: bool = True, depth: int = 0) -> bool:
        """`StackReference`, `pulumi.StackReference`, or an alias (`import { StackReference as SR } ...`, or a name
        given it once: `const SR = pulumi.StackReference`); a bare `StackReference` in a file that declares its own
        class of that name is that class. With `subclass`, also a subclass of this file that has no constructor of
        its own (its arguments go to StackReference)."""
        if last_name(ctor) == "StackReference":
            return not (self.local_class and ctor.type == "identifier")
        if subclass and ctor.type == "identifier" and text(ctor) in self._subclasses():
            body = self._subclasses()[text(ctor)].child_by_field_name("body")
            members = body.named_children if body is not None else []
            return not any(n.type == "method_definition" and self.function_name(n) is not None for n in members)
        imported = self.imports.get(text(ctor)) if ctor.type == "identifier" else None
        if imported is None and ctor.type == "identifier" and depth < 8:  # `const SR = pulumi.StackReference`
            value = unwrap(self._declared(text(ctor), self.scope_of(ctor)))
            return value is not None and self._is_stack_reference(value, subclass=False, depth=depth + 1)
        return (
            isinstance(imported, ir.Import)
            and imported.name == "StackReference"
            and imported.module.under(ir.ModuleKind.JS, "@pulumi/pulumi")
        )

    def function_name(self, scope: Node) -> str | None:
        if scope.type == "method_definition":  # a class constructor is a helper `new Class(args)` calls
            name = scope.child_by_field_name("name")
            cls = scope.parent.parent if scope.parent is not None else None
            if name is not None and text(name) != "constructor":  # a method every call of which is seen (methods.py)
                return method_name(self, scope)
            if name is None or cls is None or cls.type != "class_declaration":
                return None
            cls_name = cls.child_by_field_name("name")
            return text(cls_name) if cls_name is not None and self.scope_of(cls) is None else None
        if scope.type == "function_declaration":
            name = scope.child_by_field_name("name")
            return text(name) if name is not None and self.scope_of(scope) is None else None
        up = scope.parent
        while up is not None and up.type in WRAPPERS:
            up = up.parent
        if up is not None and up.type == "variable_declarator" and self.scope_of(up) is None:
            name = up.child_by_field_name("name")
            return text(name) if name is not None else None
        return None

    def params(self, scope: Node) -> tuple[str, ...]:
        params = scope.child_by_field_name("parameters") or scope.child_by_field_name("parameter")
        if params is None:
            return ()
        if params.type == "identifier":
            return (text(params),)
        out = []
        for p in params.named_children:
            target = p.child_by_field_name("pattern") or p.child_by_field_name("left") or p
            if target.type == "identifier":
                out.append(text(target))
            elif target.type == "object_pattern":  # `({ env, name: n }) =>`: written `{env,name:n}`
                out.append("{" + ",".join(pattern_names(target)) + "}")
            else:
                out.append("")  # keeps the position of the parameters after it
        return tuple(out)

    def _helper_calls(self, helpers: set[str]) -> Iterator[ir.Call]:
        yield from self._calls_of(with_passers(set(helpers), self._passers))
        yield from handed_helpers(self, helpers)
        yield from escaped_helpers(self, helpers)  # `const f = r.net`, `{ net }`, `net.call(..)`

    def _local(self, name: str, scope: Node | None) -> bool:
        """Whether `name` read in `scope` is a name of a function around it (a parameter or a declaration)."""
        while scope is not None:
            if name in self.decls.get(scope.id, {}) or name in self.params(scope):
                return True
            scope = self.scope_of(scope)
        return False

    def _call_nodes(self) -> list[Node]:
        """Calls and `new X(..)` expressions other than StackReference constructors (computed once)."""
        if self._nodes is None:
            news = []
            for node in self.news:  # `new App(..)` / `new lib.App(..)`: a class of the program, maybe a helper
                ctor = unwrap(node.child_by_field_name("constructor"))
                if ctor is None or self._is_stack_reference(ctor):
                    continue
                if ctor.type == "identifier" or (
                    ctor.type == "member_expression"
                    and text(ctor.child_by_field_name("object") or ctor) in self.modules
                ):
                    news.append(node)
            self._nodes = self.calls + news
        return self._nodes

    def _passers(self, helpers: set[str]) -> set[str]:
        """Named functions that call a helper with an argument naming one of their parameters (a cheap,
        generous test: a function wrongly taken makes only calls that bind nothing)."""
        out: set[str] = set()
        for node in self._call_nodes():
            scope = self.scope_of(node)
            if scope is None:
                continue
            func = node.child_by_field_name("function") or node.child_by_field_name("constructor")
            args = node.child_by_field_name("arguments")
            if func is None or args is None or args.type != "arguments" or not args.named_children:
                continue
            if self._callee(func, helpers) is None:
                continue
            outer, params = self._enclosing(scope)
            if outer is None or outer in helpers or not params:
                continue
            words = set(re.findall(r"(?:this\.)?[A-Za-z_$][A-Za-z0-9_$]*", text(args)))  # `this.org`: a field
            method = method_call(self, func, helpers)  # `refs.ref(..)` of `refs = new Refs(org)`: `org` passed on
            words |= {n for _, v in (method[1] if method else ()) for n in ir.params_in(v)}
            if any(p in words or (p.startswith("{") and set(ir.destructured(p).values()) & words) for p in params):
                out.add(outer)
        return out

    def _defaults(self, scope: Node | None) -> tuple[tuple[str, ir.Expr], ...]:
        """Defaults of the named function around `scope`: `env = getStack()`, and undefined for `env?`."""
        while scope is not None and self.function_name(scope) is None:
            scope = self.scope_of(scope)
        if scope is None:
            return ()
        params = scope.child_by_field_name("parameters")
        out: list[tuple[str, ir.Expr]] = []
        for p in params.named_children if params is not None else []:
            target = p.child_by_field_name("pattern") or p.child_by_field_name("left") or p
            value = p.child_by_field_name("value") or (
                p.child_by_field_name("right") if p.type == "assignment_pattern" else None
            )
            if target.type != "identifier":
                continue
            if value is not None:
                out.append((text(target), self.lower(value, scope, line(value))))
            elif p.type == "optional_parameter":
                out.append((text(target), ir.Undefined()))
        return tuple(out)

    def _enclosing(self, scope: Node | None) -> tuple[str | None, tuple[str, ...]]:
        """The file-level function around `scope` (through nested closures) and its parameters."""
        while scope is not None:
            name = self.function_name(scope)
            if name is not None:
                return name, (*self.params(scope), *this_fields(self, scope))
            scope = self.scope_of(scope)
        return None, ()

    def _calls_of(self, helpers: set[str]) -> Iterator[ir.Call]:
        for node in self._call_nodes():
            func = node.child_by_field_name("function") or node.child_by_field_name("constructor")
            args = node.child_by_field_name("arguments")
            if func is None or args is None or args.type != "arguments":
                continue
            method = method_call(self, func, helpers)  # `refs.ref(..)`: with the fields of `refs` (`this.org`)
            callee, given = method if method is not None else (self._callee(func, helpers), ())
            if not isinstance(callee, ir.Lit | ir.Import):
                continue
            scope = self.scope_of(node)
            lowered = tuple(self.lower(a, scope, line(node)) for a in args.named_children)
            fields = self._object_fields(args.named_children, scope, line(node))
            outer, params = self._enclosing(scope)
            if outer is None or not any(ir.params_in(a) for a in (*lowered, *(v for _, v in (*fields, *given)))):
                outer, params = None, ()
            reads, why = self._value_reads(node, returned=outer is not None)
            defaults = self._defaults(scope) if outer else ()
            yield ir.Call(
                callee,
                lowered,
                given,
                line(node),
                tuple(sorted(reads)),
                outer,
                params,
                defaults,
                fields=fields,
                reads_open=why,
                shared=self.read_uses.shared_name(node) if scope is None else "",
                guards=self._site_guards(node, outer is not None),
                held=ts_held(self, node),
            )

    def _callee(self, func: Node, helpers: set[str]) -> ir.Expr | None:
        """What a call calls: a helper of this file (by name), or a name imported from another module."""
        if func.type == "identifier":  # (a parameter or variable of that name: what the function is given)
            name = text(func)
            callee = ir.Lit(name) if name in helpers else self.imports.get(name)
            return None if callee is None or self.binder(name, self.scope_of(func)) is not None else callee
        if func.type == "member_expression":
            obj, prop = func.child_by_field_name("object"), func.child_by_field_name("property")
            if (method := method_call(self, func, helpers)) is not None:
                return method[0]
            if obj is not None and prop is not None and text(obj) in self.modules:
                return ir.Import(self.modules[text(obj)], text(prop))
        return None

    def _object_fields(self, args: list[Node], scope: Node | None, at: int) -> tuple[tuple[ir.Field, ir.Expr], ...]:
        """The fields of the object-literal arguments (they bind a destructured parameter); none of one
        that spreads another object."""
        fields: list[tuple[ir.Field, ir.Expr]] = []
        for i, arg in enumerate(args):
            obj = unwrap(arg)
            if obj is None or obj.type != "object" or any(c.type == "spread_element" for c in obj.named_children):
                continue
            for pair in obj.named_children:
                key = pair.child_by_field_name("key") if pair.type == "pair" else None
                if key is not None:
                    value = self.lower(pair.child_by_field_name("value"), scope, at)
                    fields.append((ir.Field(i, string_value(key) or text(key)), value))
                elif pair.type == "shorthand_property_identifier":
                    fields.append((ir.Field(i, text(pair)), self.lookup(text(pair), scope, at, 0)))
        return tuple(fields)


find = TypeScriptFinder.find


def _extended(cls: Node) -> Node | None:
    """The class a class declaration extends (`extends pulumi.StackReference`), or None."""
    for heritage in cls.named_children:
        if heritage.type == "class_heritage":
            for part in heritage.named_children:
                if part.type == "extends_clause":  # TypeScript
                    return part.child_by_field_name("value") or (part.named_children or [None])[0]
                if part.type != "implements_clause":  # JavaScript: the expression itself
                    return part
    return None


def _returned(node: Node) -> bool:
    """Whether a value is returned: `return new X(..)`, or the body of an arrow function."""
    up = node.parent
    while up is not None and (up.type in WRAPPERS or up.type == "await_expression"):
        up = up.parent
    if up is None:
        return False
    body = up.child_by_field_name("body") if up.type == "arrow_function" else None
    return up.type == "return_statement" or (body is not None and body.start_byte <= node.start_byte < body.end_byte)


def _returns(fn: Node) -> int:
    """The `return` statements of a function, not counting those of the functions nested in it."""
    count, todo = 0, list(fn.named_children)
    while todo:
        node = todo.pop()
        if node.type == "return_statement":
            count += 1
        if node.type not in FUNCTIONS:
            todo.extend(node.named_children)
    return count


def _js_string(node: Node | None) -> str | None:
    """A string literal's value (None for anything else, or no node)."""
    return string_value(node) if node is not None else None
