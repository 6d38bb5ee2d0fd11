"""A StackReference handed to a function another module defines, and the functions of a module that read keys on one.

`vpcOf(net)` with `import { vpcOf } from "../lib/net"` (`from lib.net import vpc_of`): the front-end of the calling
file records the call as `Handed` instead of opening the site's reads; the front-end of lib/net records each
module-level function that only reads keys on a parameter (`function vpcOf(ref) { return ref.getOutput("vpcId"); }`)
as a `Reader` (the same test as a helper of the site's own file: helper_keys.py). The linker matches them
(handed.py): the keys the function reads are the site's, at the lines that read them; a function that is no such
reader, or that the linker cannot find, opens the site's reads with `Handed.why`, as before. Read as `ir.Reader`,
`ir.Handed`.
"""

from __future__ import annotations

from dataclasses import dataclass

from stackgraph.inference.irbase import Expr


@dataclass(frozen=True)
class Reader:
    """The module-level function `name` reads keys on a reference given as its parameter `param`, and nothing else
    on it: `keys` it reads by a literal (each with the line of its first read), and the parameters whose values are
    keys it reads (`params`, with their literal defaults in `defaults`); `positions`: its positional parameters in
    order ("" for one that is no plain name)."""

    name: str
    param: str
    positions: tuple[str, ...]
    keys: tuple[tuple[str, int], ...] = ()
    params: tuple[str, ...] = ()
    defaults: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Handed:
    """A reference passed to `callee`, a function of another module, in the argument `slot` (its position "0",
    "1", .., or the keyword it is given by); `args`: every argument of the call by slot with its string value (None:
    not a literal); `why`: the call as an open use, at file:line, when the linker finds no `Reader` of it."""

    callee: Expr
    slot: str
    args: tuple[tuple[str, str | None], ...]
    line: int
    why: str
