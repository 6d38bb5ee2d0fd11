"""What a TypeScript or JavaScript file gives as a value instead of calling it, where the calls made with it are not
followed: a function imported from another module (`import { ref } from "./refs"`, then `names.map(ref)`) is a call
of it with each parameter unknown (the linker finds the helper it is), and StackReference itself
(`make(pulumi.StackReference, name)`) a site whose name is unknown, saying where: never dropped (both were)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text
from stackgraph.inference.frontends.typescript.syntax import FUNCTIONS, unwrap


class TypeScriptFinder(Protocol):
    """What is read here of the TypeScript finder (finder.py, which imports this module)."""

    @property
    def file(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def calls(self) -> Sequence[Node]: ...
    @property
    def news(self) -> Sequence[Node]: ...

    @property
    def functions(self) -> dict[str, Node]: ...

    def _callee(self, func: Node, helpers: set[str]) -> ir.Expr | None: ...
    def _declared(self, name: str, scope: Node | None) -> Node | None: ...
    def _local(self, name: str, scope: Node | None) -> bool: ...
    def params(self, scope: Node) -> tuple[str, ...]: ...
    def scope_of(self, node: Node) -> Node | None: ...
    def _site_guards(self, node: Node) -> tuple[ir.Expr, ...]: ...
    def _is_stack_reference(self, ctor: Node, *, subclass: bool = True, depth: int = 0) -> bool: ...


def handed_helpers(finder: TypeScriptFinder, helpers: set[str]) -> Iterator[ir.Call]:
    """A file-level helper given as an argument (`names.map(netRef)`): the calls made with it are not followed,
    so its StackReference there is unresolved (a call with unknown arguments), never dropped."""
    for node in finder.calls:
        args = node.child_by_field_name("arguments")
        for arg in args.named_children if args is not None and args.type == "arguments" else []:
            name = text(arg) if arg.type == "identifier" and text(arg) in helpers else ""
            if not name:  # maybe a helper of another module: `import { ref } from "./refs"`, `.map(ref)`
                yield from handed_import(finder, arg)
                continue
            value = unwrap(finder._declared(name, None)) if name else None
            fn = finder.functions.get(name) or (value if value is not None and value.type in FUNCTIONS else None)
            if fn is None or not finder.params(fn) or finder._local(name, finder.scope_of(arg)):
                continue
            why = f"'{name}' given as a value there, the calls made with it are not followed"
            unknown = ir.Unknown(why)
            yield ir.Call(ir.Lit(name), tuple(unknown for _ in finder.params(fn)), (), line(arg), reads_open=why)


def handed_import(finder: TypeScriptFinder, arg: Node) -> Iterator[ir.Call]:
    """A call with every parameter unknown of the imported function `arg` names (`ref`, `refs.ref`), if it does."""
    if arg.type not in ("identifier", "member_expression") or finder._is_stack_reference(arg, subclass=False):
        return
    callee = finder._callee(arg, set())
    if isinstance(callee, ir.Import) and not callee.module.under(ir.ModuleKind.JS, "@pulumi"):
        why = f"'{text(arg)}' given as a value there, the calls made with it are not followed"
        every = (("*", ir.Unknown(why)),)
        yield ir.Call(callee, (), every, line(arg), reads_open=why, guards=finder._site_guards(arg))


def class_values(finder: TypeScriptFinder) -> Iterator[ir.Site]:
    """A site at each argument of a call or `new` that is StackReference itself: what is made with it is unknown."""
    for node in (*finder.calls, *finder.news):
        args = node.child_by_field_name("arguments")
        for arg in args.named_children if args is not None and args.type == "arguments" else []:
            if arg.type in ("identifier", "member_expression") and finder._is_stack_reference(arg, subclass=False):
                why = (
                    f"`{text(arg)}` given as a value at {finder.file}:{line(arg)}, the StackReferences made with it "
                    "are not followed"
                )
                guards = finder._site_guards(arg)
                yield ir.Site(
                    finder.file, line(arg), ir.Unknown(why), shape(arg), finder.language, reads_open=why, guards=guards
                )
