"""A module of the program used as a value (Python `m = refs`, TS/JS `use(r)` after `import * as r`): what the
front-ends (python/escaped.py, typescript/escaped.py) record for it."""

from __future__ import annotations

from stackgraph.inference import ir


def every_call(module: ir.Module, name: str, shown: str, at: int, guards: tuple[ir.Expr, ...]) -> ir.Call:
    """A call with every parameter unknown of each function `module` gives (`ir.EVERY`: the linker knows which),
    as the calls made with the module `name`, used as a value at `shown` (line `at`), are not followed."""
    why = (
        f"the module '{name}' used as a value there (`{shown}`), the calls of its functions made with it are not "
        "followed"
    )
    return ir.Call(ir.Import(module, ir.EVERY), (), (("*", ir.Unknown(why)),), at, reads_open=why, guards=guards)
