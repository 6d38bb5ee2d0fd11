"""The hooks through which a tree-sitter finder tells what a site reads and where it comes from, with their defaults.

`TSFinder._sites` (treesitter.py) asks each language for the reads of a site's variable and why they may be open,
the keys named by another file's constants, the name other files reach it by, and the functions of other modules it
is passed to; languages override those they know (go_reads.py, csharp.py, java.py, ...).
"""

from __future__ import annotations

from typing import Any

from stackgraph.inference import ir

Node = Any  # tree_sitter.Node; kept loose so that importing this module does not load tree-sitter (treesitter.py)


class SiteHooks:
    """Defaults of the per-site hooks of `TSFinder`: nothing known beyond the keys read on a site's variable."""

    opened: dict[str, str]  # variable -> the first use of its outputs that cannot be read, and where

    def reads_open(self, held_in: str | None, scope: Node | None, *, bound: bool) -> str:
        """Why the keys read on the variable `held_in` (holding a site, or a helper call's result, declared in
        `scope`) may not be every key read ("" when they are); `bound`: the callers' reads of a value the
        function returns are followed (a helper whose calls bind the site)."""
        return self.opened.get(held_in, "") if held_in else ""

    def value_reads(self, node: Node, *, bound: bool) -> tuple[str | None, str]:
        """For a site no variable holds: the key its reads are recorded under, and why they are open (site_value)."""
        return None, ""

    def keyed(self, holder: str) -> tuple[tuple[str, int, ir.Expr], ...]:
        """The keys read on `holder` named by a constant of another file (`Site.keyed`; none by default)."""
        return ()

    def shared(self, held_in: str | None, scope: Node | None) -> str:
        """The name other files may reach the reference held in `held_in` by (`Site.shared`; none by default)."""
        return ""

    def owner_of(self, scope: Node) -> str | None:
        """The class of a helper method (C#, Java): `Refs.load(..)` from another file calls it."""
        return None

    def signatures(self, fn: Node) -> tuple[ir.Signature | None, tuple[ir.Signature, ...]]:
        """The signature of a helper and of the other overloads of its name (Java, C#; none elsewhere)."""
        return None, ()

    def site_defaults(self, name: ir.Expr, scope: Node | None) -> tuple[tuple[str, ir.Expr], ...]:
        """The values of a helper site's parameters that a call may leave out (none by default)."""
        return ()

    def member_values(self) -> dict[str, Node]:
        """Class members / module values other files may read as `Type.NAME` (none by default)."""
        return {}

    def imported_specs(self) -> tuple[ir.Module, ...]:
        """Module specs the file imports, for reachability (none by default)."""
        return ()

    def handed(self, holder: str) -> tuple[ir.Handed, ...]:
        """The calls passing the reference held in `holder` to functions of other files (`Site.handed`; none by
        default), matched by the linker (inference/handed.py)."""
        return ()
