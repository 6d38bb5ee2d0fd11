"""Java's `Optional` in the IR (re-exported by ir.py): Pulumi Java's `config.get(k)` is an `Optional<String>`, not
the string (frontends/java_optional.py lowers its methods).

An `Optional` is a value that may be there: `.orElse(d)` gives it or `d`, `.isPresent()` says whether it is there,
and as a string (`"a/" + opt`, `String.format("%s", opt)`) it reads `Optional[value]` or `Optional.empty`, never
the value itself. evaluate.py decides `Present` from the stack's config: a key set (in the stack file or as a
default in Pulumi.yaml) is there, a key the stack surely does not set is not, anything else is undecided."""

from __future__ import annotations

from dataclasses import dataclass

from stackgraph.inference.irbase import Expr


@dataclass(frozen=True)
class Opt(Expr):
    """A Java `Optional`: `value` when the test `present` holds, else empty."""

    value: Expr
    present: Expr


@dataclass(frozen=True)
class Present(Expr):
    """A test: the config read `value` (an `ir.ConfigRead` or `ir.ConfigVia`) has a value; `negate`: has none."""

    value: Expr
    negate: bool = False
