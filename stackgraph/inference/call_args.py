"""The values one call gives the parameters of the helper holding a site, and where each is written.

An argument the call gives is written at the call, in its file; a parameter it does not give takes the helper's
default, written in the helper's own file (the site's): `function ref(p, env = stack)` in lib/refs.ts, importing
`stack` from "./env", is called from index.ts as `ref("db")`: `stack` is lib/env.ts's, never a "./env" next to
index.ts (read there, it named the wrong module: a wrong edge when one existed, an unresolved reference when not).
"""

from __future__ import annotations

from stackgraph.inference import ir


def not_given(name: str) -> str:
    """Why a helper's parameter has no value at a call: not given, or (`this.x`) a field of the object the method
    runs on that this call does not show (C#/Java/Go: a call with no receiver, from another method of the class)."""
    if name.startswith("this."):
        return f"the field '{name[5:]}' of the object the method runs on, which this call does not show"
    return f"helper parameter '{name}', not given at the call"


def arguments(site: ir.Site, call: ir.Call) -> tuple[dict[str, ir.Expr], tuple[tuple[str, str], ...]]:
    """The values a call gives the parameters of the helper holding `site`: positional arguments (the helper's
    defaults for those not given), fields of object literals (destructured or `args.env`), keywords; and the
    parameters whose value is the helper's default, each with the file it is written in (`site.file`)."""
    every = dict(call.kwargs).get("*")  # the helper given as a value (`names.map(ref)`): each parameter unknown
    if every is not None:
        return {n: every for p in site.params for n in (*ir.destructured(p).values(), p) if n and n[0] != "{"}, ()
    sig = site.signature
    fixed = site.params if sig is None else sig.params[: len(sig.params) - sig.variadic]
    args: dict[str, ir.Expr] = dict(zip(fixed, call.args, strict=False))
    defaults = dict(site.defaults)
    defaulted: set[str] = set()  # the parameters that take the helper's default
    for name in (p for p in site.params if p not in args):  # not given: the default (`undefined` for `env?`)
        if name and not name.startswith("{"):
            args[name] = defaults.get(name, ir.Unknown(not_given(name)))
            defaulted |= {name} & defaults.keys()
    if sig is not None and sig.variadic:
        args[sig.params[-1]] = ir.Unknown(f"'{sig.params[-1]}', a variable-length list of arguments")
    fields = dict(call.fields)
    for i, param in enumerate(site.params):  # `({ env, name }) =>` called with `{ env: "prod", name }`
        for key, local in ir.destructured(param).items():
            if ir.Field(i, key) in fields:
                args[local] = fields[ir.Field(i, key)]
                defaulted.discard(local)
        if param and not param.startswith("{"):  # `args.env` of `(name, args) =>` called with `{ env: "prod" }`
            for field_, value in call.fields:
                if field_.index == i:
                    args[f"{param}.{field_.key}"] = value
    given = {k: v for k, v in call.kwargs if k in site.params}
    args.update(given)
    # what is still a default is written in the helper's file, not at the call
    return args, tuple((name, site.file) for name in sorted(defaulted - given.keys()))
