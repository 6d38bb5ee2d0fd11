"""Evaluate a name expression for one stack (or for the project) without running anything.

The result is a `Val`: the text as far as it is known (with symbols for the
referencing stack's own organization and, for a project-level evaluation, its own
stack), a readable shape such as `<config org>/networking/{stack}`, what is
missing, the alternatives of an undecided conditional, and what was read (config
keys and the files they came from, never their values). Pure and deterministic.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from stackgraph.inference import config_members, ir, irloops, nothing, overloads, textops, truth
from stackgraph.inference.configvalue import config_value, presence, resolved_key
from stackgraph.inference.made import (
    called,
    made_class,
    made_member,
    members_read,
    stored_member,
    unexported_field,
)
from stackgraph.model import SECRET, Project, Stack

MAX_DEPTH = 40
MAX_OPTIONS = 16


class Sym(str, enum.Enum):
    ORG = "{org}"
    STACK = "{stack}"


@dataclass(frozen=True)
class Val:
    parts: tuple[str | Sym, ...] = ()
    shape: str = ""
    missing: tuple[str, ...] = ()
    options: tuple[Val, ...] = ()
    used: tuple[str, ...] = ()
    unset: str = ""  # a config read that has no value anywhere: what it is then (nothing.py; falsy at run time)
    config: ir.ConfigObject | None = None  # a Config object (a helper's parameter), not a string
    truth: str = ""  # what a config read gives, for its truth when tested (`ir.ConfigRead.kind`, truth.py)

    @property
    def known(self) -> bool:
        return not self.missing and not self.options


def lit(text: str) -> Val:
    return Val((text,), text)


def unknown(shape: str, why: str, *, used: tuple[str, ...] = (), unset: str = "") -> Val:
    return Val((), shape, (why,), (), used, unset)


Lookup = Callable[[str, ir.Import], "tuple[str, ir.Expr] | None"]


@dataclass
class Context:
    """Everything an evaluation reads: the project, the stack (None: project-level), the linker."""

    project: Project
    stack: Stack | None
    lookup: Lookup
    env: Mapping[str, Val] = field(default_factory=dict)  # helper parameters bound at a call
    origin: Callable[[str], str | None] | None = None  # how a file of no project is read (`Linker.installed_note`)


def evaluate(expr: ir.Expr, ctx: Context, file: str, depth: int = 0) -> Val:
    """Evaluate `expr` (written in `file`) for the context's stack."""
    if depth > MAX_DEPTH:
        return unknown("<?>", "a value defined in terms of itself, or nested too deeply")
    handler = _HANDLERS.get(type(expr))
    if handler is None:
        return unknown("<?>", f"an unsupported expression ({type(expr).__name__})")
    return handler(expr, ctx, file, depth + 1)


def _concat(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    return join([evaluate(p, ctx, file, depth) for p in expr.parts])


def join(vals: list[Val]) -> Val:
    """Concatenate values; undecided alternatives multiply (up to MAX_OPTIONS)."""
    parts: list[str | Sym] = []
    for v in vals:
        parts.extend(v.parts)
    missing = tuple(dict.fromkeys(m for v in vals for m in v.missing))
    used = tuple(dict.fromkeys(u for v in vals for u in v.used))
    options: tuple[Val, ...] = ()
    if any(v.options for v in vals):
        combos = itertools.product(*[v.options or (v,) for v in vals])
        options = tuple(join(list(c)) for c in itertools.islice(combos, MAX_OPTIONS))
    return Val(merge_parts(parts), "".join(v.shape for v in vals), missing, options, used)


def merge_parts(parts: list[str | Sym]) -> tuple[str | Sym, ...]:
    out: list[str | Sym] = []
    for p in parts:
        if not isinstance(p, Sym) and out and not isinstance(out[-1], Sym):
            out[-1] = out[-1] + p
        elif p != "":
            out.append(p)
    return tuple(out)


def _config(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    ns, key, odd = resolved_key(expr.namespace, expr.key, ctx.project, file)
    full = f"{ns}:{key}"
    shape = f"<config {key if ns == ctx.project.name else full}>"
    if odd:  # `Config("aws:config")` in an SDK whose runtime is not followed
        return unknown(shape, odd)
    found = config_value(ctx.project, ctx.stack, ns, key)
    if expr.path:  # a member of a structured value: `requireObject("settings").stack`
        shape = f"{shape[:-1]}.{'.'.join(expr.path)}>"
        if found is not None:
            value, where = found
            for member in expr.path:
                value, why = config_members.member(value, member, expr.fold)
                if why:  # a Go struct's field that several keys match (config_members.py)
                    return unknown(shape, f"config key '{full}': {why} ({where})")
            found = (value, where) if value is not None else None
            if found is None and expr.default is None:
                return unknown(shape, f"config key '{full}' has no '{'.'.join(expr.path)}' ({where})")
    if found is not None:
        value, where = found
        if value is SECRET:
            return unknown(shape, f"config key '{full}' is a secret value ({where})")
        if isinstance(value, str | int | float | bool):
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            taken = truth.takes_default(text, expr.kind, expr.empty if expr.default is not None else "")
            if taken is None:
                return unknown(shape, f"config key '{full}': whether `||` / `or` takes its default ({where})")
            if not taken:
                return Val((text,), text, used=(f"{full} from {where}",), truth=expr.kind)
        else:
            return unknown(shape, f"config key '{full}' is not a string ({where})")
    if expr.default is not None:  # unset (or false, read with `||` / `or`: takes_default)
        val = evaluate(expr.default, ctx, file, depth)
        why = f"{full} {'false' if found is not None else 'unset'}: default in code"  # `||` / `or` of a false value
        return dataclasses.replace(val, used=(*val.used, why), unset="", config=None)
    unset = nothing.read_as(file) if ctx.stack is not None and not ctx.stack.environment else ""  # else not seen
    return unknown(shape, nothing.why_not_set(ctx.project, ctx.stack, full), used=(f"{full} not set",), unset=unset)


def _config_via(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    read = _via(expr, ctx, file, depth)
    return _config(read, ctx, file, depth) if isinstance(read, ir.ConfigRead) else read


def _via(expr: ir.ConfigVia, ctx: Context, file: str, depth: int) -> ir.ConfigRead | Val:
    """The read on the Config object `expr` reads through, else why that object is not known."""
    obj = expr.obj
    if isinstance(obj, ir.Import):
        found = ctx.lookup(file, obj)
        obj = found[1] if found is not None else obj
    if isinstance(obj, ir.Param):  # `config.Get(k)` on a Config parameter: the object the call hands in
        given, bound = _param(obj, ctx, file, depth), obj.name in ctx.env
        why = f"'{obj.name}' is handed no Config object ({'; '.join(given.missing) or given.shape})"
        obj = given.config or ir.Unknown(why if bound else given.missing[0])
    if isinstance(obj, ir.Unknown):  # why the linker found nothing
        return unknown(f"<config {expr.key}>", obj.why)
    if isinstance(obj, ir.ConfigObject):
        return ir.ConfigRead(obj.namespace, expr.key, expr.default, kind=expr.kind, empty=expr.empty)
    return unknown(f"<config {expr.key}>", f"config key '{expr.key}' read through an object that is not a known Config")


def _present(expr: ir.Present, ctx: Context, file: str, depth: int) -> tuple[bool | None, str, tuple[str, ...]]:
    """Whether a config read has a value (Java's `config.get(k).isPresent()`): decided when the stack surely sets
    the key or surely does not."""
    read = _via(expr.value, ctx, file, depth) if isinstance(expr.value, ir.ConfigVia) else expr.value
    if isinstance(read, Val) or not isinstance(read, ir.ConfigRead) or read.path:
        why = "; ".join(read.missing) if isinstance(read, Val) else "a value that may be unset"
        return None, f"an undecided condition ({why})", ()
    ns, key, odd = resolved_key(read.namespace, read.key, ctx.project, file)
    found, where = presence(ctx.project, ctx.stack, ns, key) if not odd else (None, "")
    if found is None:
        return None, f"an undecided condition ({odd or nothing.why_not_set(ctx.project, ctx.stack, f'{ns}:{key}')})", ()
    return found != expr.negate, "", (f"{ns}:{key} from {where}" if found else f"{ns}:{key} not set",)


def _stack(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    if ctx.stack is None:
        return Val((Sym.STACK,), "{stack}")
    return lit(ctx.stack.name)


def _param(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    if expr.name in ctx.env:
        return ctx.env[expr.name]
    if expr.name.startswith("this."):  # a field of an object (C#) that no creation or call gives a value
        field = expr.name[5:]
        return unknown(f"<{field}>", f"field '{field}' of an object, set where the object is made (none found)")
    return unknown(f"<{expr.name}>", f"helper parameter '{expr.name}' (no call with a known argument)")


def _import(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    found = ctx.lookup(file, expr)
    if found is None:
        return unknown(f"<{expr.name}>", f"'{expr.name}' from '{expr.module}', which is not a constant of the project")
    where, value = found
    if isinstance(value, ir.Unknown):  # also why the linker found nothing (a file it cannot parse, not read)
        return unknown(f"<{expr.name}>", value.why)
    inner = Context(ctx.project, ctx.stack, ctx.lookup, {}, ctx.origin)
    return _noted(evaluate(value, inner, where, depth), ctx, where)


def _noted(val: Val, ctx: Context, where: str) -> Val:
    """`val`, read from `where`, with how the program reads that file when it is a module of a package its
    environment installs (the evidence of a reference it names)."""
    note = ctx.origin(where) if ctx.origin is not None else None
    if note is None or note in val.used:
        return val
    return dataclasses.replace(val, used=(*val.used, note))


def _apply(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    callee = expr.callee
    where = file
    if isinstance(callee, ir.Import):
        found = ctx.lookup(file, callee)
        if found is not None:
            where, callee = found
        elif (kept := stored_member(expr, ctx.lookup, file)) is not None:  # `_setup.Env` of `_setup = setup;`
            return evaluate(kept, ctx, file, depth + 1)
        else:  # `parse_stack().name` (Python) that no module exports: why
            callee = unexported_field(file, callee, ctx.lookup) or callee
    if isinstance(callee, ir.Unknown):  # why the linker found nothing
        return unknown(called(callee_name(expr)), callee.why)
    if isinstance(callee, ir.Overloads):  # Java, C#: the method(s) of that name the call may run
        fns = [f for f in callee.functions if f.signature is not None]
        named = overloads.named_of(expr.names)
        picked = overloads.choose([f.signature for f in fns if f.signature], len(expr.args) - len(named), named)
        name = expr.callee.name if isinstance(expr.callee, ir.Import) else "a method"
        if not picked:
            return unknown(f"<{name}()>", f"no method {name} that takes {len(expr.args)} arguments")
        vals = [_call(fns[i], expr, where, ctx, file, depth) for i in picked]
        return vals[0] if len(vals) == 1 else one_of(vals, overloads.undecided(name, len(vals), len(expr.args)))
    if not isinstance(callee, ir.Function):
        return _not_applied(expr)
    return _call(callee, expr, where, ctx, file, depth)


def _call(callee: ir.Function, expr: ir.Apply, where: str, ctx: Context, file: str, depth: int) -> Val:
    """`callee` (defined in `where`) applied to the arguments of `expr` (written in `file`)."""
    given, filled = overloads.bind(callee, expr.args, expr.names)
    env = {p: evaluate(a, ctx, file, depth) for p, a in given.items()}
    outer = Context(ctx.project, ctx.stack, ctx.lookup, {}, ctx.origin)
    env.update({p: evaluate(a, outer, where, depth) for p, a in filled.items()})
    if any(made_class(a) is not None for a in expr.args):  # `infraStack setup` given a record: its fields
        env.update(_members_given(callee, expr.args, where, ctx, file, depth))
    if expr.receiver or expr.made is not None:  # `setup.Name()`: the method's fields are the object's members
        for name in sorted(ir.params_in(callee.body)):
            if not name.startswith("this."):
                continue
            member = made_member(expr.made, name[5:])
            if member is not None:
                env[name] = evaluate(member, ctx, file, depth + 1)
            elif expr.receiver:
                env[name] = _param(ir.Param(expr.receiver + name[4:]), ctx, file, depth)
    return _noted(
        evaluate(callee.body, Context(ctx.project, ctx.stack, ctx.lookup, env, ctx.origin), where, depth), ctx, where
    )


def one_of(vals: list[Val], why: str) -> Val:
    """One of `vals`, which one not known (`why`): the value they all have, else unresolved with each a candidate."""
    used = tuple(dict.fromkeys(u for v in vals for u in v.used))
    if all(v.known and v.parts == vals[0].parts for v in vals):
        return Val(vals[0].parts, vals[0].shape, (), (), used)
    options = tuple(o for v in vals for o in (v.options or (v,)))
    return Val((), "<" + "|".join(v.shape for v in vals) + ">", (why,), options[:MAX_OPTIONS], used)


def _one_of(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    return one_of([evaluate(o, ctx, file, depth) for o in expr.options], expr.why)


def _members_given(
    callee: ir.Function, args: tuple[ir.Expr, ...], where: str, ctx: Context, file: str, depth: int
) -> dict[str, Val]:
    """The members of made objects and records passed to a function, as its body reads them (`s.Env`)."""
    out = {}
    for name in sorted(members_read(callee.body, where, ctx.lookup)):
        head, dot, rest = name.partition(".")
        at = callee.params.index(head) if dot and head in callee.params else len(args)
        member = made_member(args[at], rest) if at < len(args) else None
        if member is not None:
            out[name] = evaluate(member, ctx, file, depth + 1)
    return out


def callee_name(expr: ir.Apply) -> str:
    return expr.callee.name if isinstance(expr.callee, ir.Import) else "a function"


def _not_applied(expr: ir.Apply) -> Val:
    """A call whose function is not known here: a made object, a field no constructor sets, any other call."""
    name = callee_name(expr)
    cls = made_class(expr)
    if cls is not None:
        return unknown(f"<new {cls}>", f"an object (new {cls}(..)), not a string")
    cls, new, path = name.partition(".new/")
    arity, _, field = path.partition(".")
    if new and arity.isdigit() and field:
        made_with = f"{cls}(..) with {arity} arguments"
        kept, dot, member = field.partition(".")
        if dot:  # `_setup.Env` of a field `_setup` (made.stored_member)
            why = f"member {member} of field '{kept}' of a {made_with}, which its constructor does not set to an object"
            return unknown(f"<{field}>", why + " it is given as it is")
        return unknown(f"<{field}>", f"field '{field}' of a {made_with}, which no constructor of the project sets")
    return unknown(called(name), f"the result of {name}(), which does not return a known name")


def _split(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    val = evaluate(expr.value, ctx, file, depth)
    shape = textops.split_shape(val.shape, expr.sep, expr.index, expr.limit, expr.right)
    if not val.known or any(isinstance(p, Sym) for p in val.parts):
        why = "; ".join(val.missing) or "a part of a name known only when a stack runs"
        return unknown(shape, why, used=val.used)
    text = "".join(str(p) for p in val.parts)
    stack = f" for stack '{ctx.stack.name}'" if ctx.stack is not None else ""
    if expr.targets and expr.sep != "":
        pieces = textops.split_pieces(text, expr.sep, expr.limit, expr.right)
        least = expr.targets - expr.starred
        if len(pieces) < least or (len(pieces) != least and not expr.starred):
            count = f"{len(pieces)} part{'s' if len(pieces) != 1 else ''}"
            names = f"{'at least ' if expr.starred else ''}{least} name{'s' if least != 1 else ''}"
            on = "whitespace" if expr.sep is None else repr(expr.sep)
            why = f"unpacking {count} of the split on {on} into {names}{stack} (a ValueError when it runs)"
            return unknown(shape, why, used=val.used)
    out, why = textops.split_item(text, expr.sep, expr.index, expr.limit, expr.right)
    if out is None:
        return unknown(shape, why + stack if why.startswith("item ") else why, used=val.used)
    return Val((out,), out, used=val.used)


def _text(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    """A string operation (`lower()`, `replace(..)`, ...): computed when every value it reads is known text."""
    vals = [evaluate(e, ctx, file, depth) for e in textops.operands(expr)]
    used, shape = tuple(dict.fromkeys(u for v in vals for u in v.used)), textops.shape(expr, vals[0].shape)
    if not all(v.known and not any(isinstance(p, Sym) for p in v.parts) for v in vals):
        why = "; ".join(m for v in vals for m in v.missing) or "a part of a name known only when a stack runs"
        return unknown(shape, why, used=used)
    out, why = textops.apply(expr, ["".join(str(p) for p in v.parts) for v in vals])
    return unknown(shape, why, used=used) if out is None else Val((out,), out, used=used)


def _select(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    key = evaluate(expr.key, ctx, file, depth)
    if key.known and not any(isinstance(p, Sym) for p in key.parts):
        text = "".join(str(p) for p in key.parts)
        if text not in expr.keys:
            return unknown(f"<map[{text}]>", f"no entry '{text}' in the map it is read from", used=key.used)
        val = evaluate(expr.values[expr.keys.index(text)], ctx, file, depth)
        return dataclasses.replace(val, used=(*key.used, *val.used))
    why = "; ".join(key.missing) or "a key known only when a stack runs"
    options = tuple(o for v in expr.values for o in (evaluate(v, ctx, file, depth),) for o in (o.options or (o,)))
    return Val((), f"<map[{key.shape}]>", (why,), options[:MAX_OPTIONS], key.used)


def _unknown(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    return unknown("<?>", expr.why)


def _config_object(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    return Val((), "<?>", ("a Config object, not a string",), config=expr)


def _conditional(expr: Any, ctx: Context, file: str, depth: int) -> Val:
    decided, why, used = test(expr.test, ctx, file, depth)
    if decided is not None:
        val = evaluate(expr.then if decided else expr.orelse, ctx, file, depth)
        return dataclasses.replace(val, used=(*used, *val.used))
    a = evaluate(expr.then, ctx, file, depth)
    b = evaluate(expr.orelse, ctx, file, depth)
    options = tuple(o for v in (a, b) for o in (v.options or (v,)))
    return Val((), f"<{a.shape}|{b.shape}>", (why,), options[:MAX_OPTIONS], used)


def test(expr: ir.Expr, ctx: Context, file: str, depth: int) -> tuple[bool | None, str, tuple[str, ...]]:
    """Decide a condition: (True/False, or None with why, and what was read)."""
    if isinstance(expr, ir.Eq):
        return _eq(expr, ctx, file, depth)
    if isinstance(expr, ir.Truthy):
        v = evaluate(expr.value, ctx, file, depth)
        if v.unset:
            return expr.negate, "", v.used
        plain = v.known and not any(isinstance(p, Sym) for p in v.parts)  # `{stack}` of a project: never empty
        held = truth.truth("".join(str(p) for p in v.parts), v.truth) if plain else v.known or None
        if held is not None:  # as its language reads it: a string read's "false" is true (truth.py)
            return held != expr.negate, "", v.used
        why = "; ".join(v.missing) or ("alternatives" if v.options else f"the truth of {v.shape} is not known")
        return None, f"an undecided condition ({why})", v.used
    if isinstance(expr, ir.Has):
        return _has(expr, ctx, file, depth)
    if isinstance(expr, ir.Junction):
        return _junction(expr, ctx, file, depth)
    if isinstance(expr, ir.Present):
        return _present(expr, ctx, file, depth)
    return None, "a condition on a run-time value", ()


def _eq(expr: ir.Eq, ctx: Context, file: str, depth: int) -> tuple[bool | None, str, tuple[str, ...]]:
    a = evaluate(expr.left, ctx, file, depth)
    b = evaluate(expr.right, ctx, file, depth)
    used = (*a.used, *b.used)
    if a.unset or b.unset:  # a config key set nowhere: compared as its language does (nothing.py)
        found = nothing.equal(_side(a), _side(b), expr.strict)
        if found is not None:
            return found != expr.negate, "", used
    if Sym.STACK in a.parts or Sym.STACK in b.parts:
        return None, "a condition on the name of the stack that runs (the project has no stack files)", used
    if a.known and b.known:  # a typed read's value as what it is: `getNumber(k) === 3` holds for "3.0" (truth.py)
        typed = a.truth in truth.TYPED or b.truth in truth.TYPED
        found = truth.equal(_side(a)[1], a.truth, _side(b)[1], b.truth) if typed else a.parts == b.parts
        if found is not None:
            return found != expr.negate, "", used
        return None, f"an undecided condition (a typed config value compared: {a.shape} and {b.shape})", used
    return None, f"an undecided condition ({'; '.join(a.missing + b.missing) or 'alternatives'})", used


def _side(v: Val) -> nothing.Side:
    plain = v.known and not any(isinstance(p, Sym) for p in v.parts)  # `{stack}` of a project: any name
    return v.unset, "".join(str(p) for p in v.parts) if plain else None


def _junction(expr: ir.Junction, ctx: Context, file: str, depth: int) -> tuple[bool | None, str, tuple[str, ...]]:
    """Decide `a and b` / `a or b`: by an operand that decides it (False for `and`, True for `or`), else by all."""
    results = [test(t, ctx, file, depth) for t in expr.tests]
    used = tuple(u for _, _, us in results for u in us)
    decided = {d for d, _, _ in results}
    if (not expr.every) in decided:  # one operand decides the whole: `False and x`, `True or x`
        return (not expr.every) != expr.negate, "", used
    if None in decided:
        return None, next(why for d, why, _ in results if d is None), used
    return expr.every != expr.negate, "", used


_HOW: dict[str, Callable[[str, str], bool]] = {
    "prefix": str.startswith,
    "suffix": str.endswith,
    "part": lambda text, piece: piece in text,
    "equal": str.__eq__,
}


def _has(expr: ir.Has, ctx: Context, file: str, depth: int) -> tuple[bool | None, str, tuple[str, ...]]:
    """Decide `s.startswith(p)`, `p in s`, `s in (p, q)` ...: only when the string and every piece are known."""
    vals = [evaluate(e, ctx, file, depth) for e in (expr.value, *expr.pieces)]
    used = tuple(u for v in vals for u in v.used)
    if expr.how == "equal" and any(v.unset for v in vals):  # a key set nowhere: `x in ("a", "b")`, `[..].includes(x)`
        found = {nothing.equal(_side(vals[0]), _side(v), True) for v in vals[1:]}
        if True in found or found == {False}:
            return (True in found) != expr.negate, "", used
    if any(Sym.STACK in v.parts for v in vals):
        return None, "a condition on the name of the stack that runs (the project has no stack files)", used
    if expr.how not in _HOW or not all(v.known and not any(isinstance(p, Sym) for p in v.parts) for v in vals):
        missing = [m for v in vals for m in v.missing]
        return None, f"an undecided condition ({'; '.join(missing) or 'the organization of the stack'})", used
    text, *pieces = ("".join(str(p) for p in v.parts) for v in vals)
    return any(_HOW[expr.how](text, piece) for piece in pieces) != expr.negate, "", used


_HANDLERS: dict[type, Callable[[Any, Context, str, int], Val]] = {
    ir.Lit: lambda e, c, f, d: lit(e.value),
    ir.Concat: _concat,
    ir.ConfigRead: _config,
    ir.ConfigVia: _config_via,
    ir.CurrentStack: _stack,
    ir.CurrentProject: lambda e, c, f, d: lit(c.project.name),
    ir.CurrentOrg: lambda e, c, f, d: Val((Sym.ORG,), "{org}"),
    ir.Param: _param,
    ir.LoopVar: lambda e, c, f, d: c.env.get(e.key) or unknown(f"<{irloops.var_of(e.key)}>", "a value bound by a loop"),
    ir.Import: _import,
    ir.Unknown: _unknown,
    ir.Apply: _apply,
    ir.OneOf: _one_of,
    ir.Overloads: lambda e, c, f, d: unknown("<method>", "a method, not a string"),
    ir.Function: lambda e, c, f, d: unknown("<function>", "a function, not a string"),
    ir.Record: lambda e, c, f, d: unknown(f"<{e.kind}{{..}}>", f"an object ({e.kind}{{..}}), not a string"),
    ir.ConfigObject: _config_object,
    ir.Conditional: _conditional,
    ir.Split: _split,
    ir.Undefined: lambda e, c, f, d: unknown(
        "<undefined>", "a value that is not set (undefined or None)", unset=nothing.of_literal(e.null)
    ),
    ir.Select: _select,
    ir.Opt: lambda e, c, f, d: evaluate(ir.optional_text(e), c, f, d),
    **dict.fromkeys((ir.Case, ir.Replace, ir.RegexReplace, ir.Trim, ir.Slice), _text),
}
