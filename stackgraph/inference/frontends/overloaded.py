"""Methods and constructors of one name in a Java or C# class (overloads), as the front-ends see them.

Each has an `ir.Signature` (the language reads its parameters: `signature`); a site or a call made inside one
carries it with the others of its name and class, so that refs binds only the calls that may run it; a call of a
method of this file is inlined only with the overloads it may run (`inline`), and the methods other files call
(`Class.method`) are exported with their signatures (`exported_methods`). Which one a call runs: overloads.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from stackgraph.inference import ir, overloads
from stackgraph.inference.frontends.treesitter import Node, TSFinder


class Overloaded(TSFinder):
    """The part of the Java and C# finders that tells the methods and constructors of one name apart."""

    callables: list[Node]  # every method and constructor of the file (the finder's index)

    def signature(self, fn: Node) -> ir.Signature | None:
        """The parameters of a method or constructor (None: not one)."""
        raise NotImplementedError

    def _returned(self, fn: Node, depth: int = 0) -> ir.Expr | None:
        raise NotImplementedError  # the finder's: the value of a method's one return

    def _named(self) -> dict[tuple[str | None, str], list[Node]]:
        """Methods and constructors by (class, name): a constructor's name is its class's."""
        table: dict[tuple[str | None, str], list[Node]] | None = self.__dict__.get("_by_name")
        if table is None:
            table = {}
            for fn in self.callables:
                name = self.function_name(fn)
                if name is not None:
                    table.setdefault((self.owner_of(fn), name), []).append(fn)
            self.__dict__["_by_name"] = table
        return table

    def signatures(self, fn: Node) -> tuple[ir.Signature | None, tuple[ir.Signature, ...]]:
        """The signature of `fn` and those of the other methods or constructors of its name and class (once per
        method: every call made in it asks)."""
        memo: dict[int, tuple[ir.Signature | None, tuple[ir.Signature, ...]]] = self.__dict__.setdefault("_sigs", {})
        if fn.id not in memo:
            memo[fn.id] = self._signatures(fn)
        return memo[fn.id]

    def _signatures(self, fn: Node) -> tuple[ir.Signature | None, tuple[ir.Signature, ...]]:
        own = self.signature(fn)
        name = self.function_name(fn)
        if own is None or name is None:
            return None, ()
        alike = self._named().get((self.owner_of(fn), name), [])
        if all(n.id != fn.id for n in alike):  # a C# local function: no overloads
            return own, ()
        others = (self.signature(n) for n in alike if n.id != fn.id)
        return own, tuple(s for s in others if s is not None)

    def methods_named(self, name: str, owner: str | None) -> list[Node]:
        """The methods of this file named `name` in class `owner`, else in any class of the file."""
        found = self._named().get((owner, name), [])
        if found:
            return found
        return [fn for (_, n), fns in self._named().items() if n == name for fn in fns]

    def inline(self, fns: list[Node], args: Sequence[ir.Expr], names: Sequence[str], depth: int) -> ir.Expr | None:
        """A call of a method of this file that returns a name (one of `fns`, overloads of one name), its
        arguments bound: the overload the call runs, or one of those it may run (None: none returns a name)."""
        sigs = [self.signature(fn) for fn in fns]
        named = overloads.named_of(names)
        picked = overloads.choose([s for s in sigs if s is not None], len(args) - len(named), named)
        if None in sigs or not picked:
            return None
        options = []
        for i in picked:
            body = self._returned(fns[i], depth)  # depth: a function that calls itself ends
            if body is None and len(picked) == 1:
                return None
            fn = ir.Function(self.params(fns[i]), body or _no_name(fns[i]), sigs[i])
            given, filled = overloads.bind(fn, args, names)
            options.append(ir.substitute(fn.body, {**filled, **given}))
        if len(options) == 1:
            return options[0]
        name = self.function_name(fns[0]) or "?"
        return ir.OneOf(overloads.undecided(name, len(options), len(args)), tuple(options))

    def exported_methods(self, methods: dict[str, list[Node]]) -> dict[str, ir.Expr]:
        """`Class.method` for other files: its `Function` (with its signature), or all of a name as `Overloads`."""
        out: dict[str, ir.Expr] = {}
        for name, fns in methods.items():
            functions = []
            for fn in fns:
                body = self._returned(fn)
                if body is None and len(fns) == 1:
                    break
                functions.append(ir.Function(self.params(fn), body or _no_name(fn), self.signature(fn)))
            if len(functions) == 1:
                out[name] = functions[0]
            elif functions:
                out[name] = ir.Overloads(tuple(functions))
        return out


def _no_name(fn: Node) -> ir.Expr:
    return ir.Unknown("the result of an overload that does not return one known name")
