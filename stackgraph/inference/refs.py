"""Turn the sites of one project into references (one per referencing stack) and edges.

A site is evaluated for every stack file of its project (config differs per stack), or once at project level when
the project has none. A helper's parameters are bound at each call of the helper. A resolved target in the tree gives
an edge with its evidence; a target project in the tree without that stack is dangling (a warning); anything else is
an external node. Nothing here reads files or prints values of config: evidence names config keys and their files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from stackgraph.discovery.resolve import Resolver
from stackgraph.discovery.types import InferResult
from stackgraph.inference import ir, loopruns, overloads, selfless
from stackgraph.inference.call_args import arguments
from stackgraph.inference.evaluate import Context, Val, evaluate, test
from stackgraph.inference.link import Linker
from stackgraph.inference.made import made_member, members_read
from stackgraph.inference.shared import reads_of
from stackgraph.inference.stack_names import for_stack, to_target
from stackgraph.model import Diagnostic, DiagnosticCode, EdgeKind, Evidence, Project, Reference, Severity, Stack, Target

MAX_LEVELS = 3
"""Helpers followed from a site outwards: the one holding it and up to two that pass their parameters on."""
CallFinder = Callable[[ir.Site], Iterator[tuple[str, ir.Call]]]


@dataclass(frozen=True)
class Binding:
    """A helper call that binds a site's parameters (or none for a site outside a helper)."""

    file: str | None = None
    line: int | None = None
    args: tuple[tuple[str, ir.Expr], ...] = ()
    outputs: tuple[str, ...] = ()
    outer: Binding | None = None  # the call of the helper that made this call with its own parameters
    reads_open: str = ""  # why `outputs` may not be every key read on the call's result
    doubt: str = ""  # why the call may run another overload of the helper (Java, C#): its value is a candidate
    guards: tuple[ir.Expr, ...] = ()  # the tests of the `if`s around the call: a stack one is surely false for skips it
    reads: ir.Reads = ()  # where each key of `outputs` is read: `(key, file, line)` (ir.Reads, never empty for a key)
    loop: loopruns.Choice = ()  # the items the loops around the site bind in this run of it (loopruns.py)
    written: tuple[tuple[str, str], ...] = ()  # the args that are the helper's defaults, and the file writing each

    def doubts(self) -> str:
        """Why this call, or one of the calls that lead to it, may not run the helper."""
        return self.doubt or (self.outer.doubts() if self.outer is not None else "")

    def via(self) -> str:
        """`a.ts:3` for one call; the outermost call first when a helper passed its parameters on."""
        here = f"{self.file}:{self.line}"
        return f"{self.outer.via()} (then {here})" if self.outer is not None else here


@dataclass
class ProjectRefs:
    """Accumulates the references of one project."""

    project: Project
    stacks: list[Stack]
    linker: Linker
    resolver: Resolver
    result: InferResult
    _unresolved: dict[tuple[str, int, str], list[str]] = field(default_factory=dict)

    def add_site(self, site: ir.Site, bindings: list[Binding], stacks: list[Stack] | None = None) -> None:
        """Add the references of `site` for each stack of the project (or only `stacks`, those that run it)."""
        targets: list[Stack | None] = list(self.stacks if stacks is None else stacks) or [None]
        bindings = loopruns.runs(site, bindings, Binding)
        generic = {b: self._evaluate(site, None, b) for b in bindings or [Binding()]}
        untaken: list[str] = []
        for stack in targets:
            seen: dict[tuple[object, ...], int] = {}  # -> the index of the reference in the result
            taken = [b for b in bindings if stack is None or self._takes(b, stack, site)]
            if bindings and not taken:  # every call of the helper is under an `if` this stack never takes
                untaken.append(stack.name if stack is not None else "")
                continue
            for binding in taken or [Binding()]:
                val = generic[binding]
                if stack is not None:  # the same for every stack unless it reads config or is undecided
                    plain = val.known and not val.used
                    val = for_stack(val, stack.name) if plain else self._evaluate(site, stack, binding)
                ref = self._reference(site, stack, binding, val)
                key = (ref.resolved, ref.target, ref.reason, ref.candidates)
                if key in seen:  # another call giving the same reference: what it reads is read too
                    self._merge_reads(seen[key], ref)
                    continue
                seen[key] = len(self.result.references)
                self.result.references.append(ref)
                if ref.resolved and stack is not None and ref.target is not None:
                    self._edge(ref, stack)
        if untaken:
            why = (
                f"StackReference in a helper that stacks {', '.join(untaken)} never run: each of their calls is under "
                "a test they never take (an `if`, `?:`, `&&`, `||`, `and`, `or`, `case`, an early `return`), or gives "
                "arguments that a test in the helper fails; no reference of theirs"
            )
            self.result.diagnostics.append(
                Diagnostic(Severity.INFO, DiagnosticCode.NOT_IMPORTED_BY, why, site.file, site.line)
            )

    def _ctx(self, stack: Stack | None, env: dict[str, Val] | None = None) -> Context:
        """What evaluates a name for `stack`, with helper parameters `env`; a module of a package the environment
        installs says so in what it uses (`Linker.installed_note`)."""
        return Context(self.project, stack, self.linker.lookup, env or {}, self.linker.installed_note)

    def _takes(self, binding: Binding, stack: Stack, site: ir.Site) -> bool:
        """Whether `stack` may make the call `binding` (and the calls that led to it) and run `site` in it: no test
        around one of them, nor around the site given that call's arguments (`if (env === "local") return`), fails."""
        ctx = self._ctx(stack)
        b: Binding | None = binding
        while b is not None:
            if b.file is not None and any(test(t, ctx, b.file, 0)[0] is False for t in b.guards):
                return False
            b = b.outer
        own = self._ctx(stack, self._env(binding, stack)) if site.guards and binding.file is not None else None
        return own is None or all(test(t, own, site.file, 0)[0] is not False for t in site.guards)

    def _merge_reads(self, index: int, ref: Reference) -> None:
        """Add the keys `ref` reads (and why its reads are open) to the equal reference at `index`."""
        kept = self.result.references[index]
        outputs = tuple(sorted(set(kept.outputs) | set(ref.outputs)))
        reads = kept.reads
        if ref.reads:  # some read in another file: every read of both, the site's own at its line
            every = {*ref.reads, *reads_of(kept.outputs, kept.reads, kept.file, kept.line)}
            reads = tuple(sorted(every))
        if outputs != kept.outputs or reads != kept.reads or (ref.reads_open and not kept.reads_open):
            self.result.references[index] = _replace(
                kept, outputs=outputs, reads_open=kept.reads_open or ref.reads_open, reads=reads
            )

    def _evaluate(self, site: ir.Site, stack: Stack | None, binding: Binding) -> Val:
        ctx = self._ctx(stack)
        if binding.file is not None:
            ctx = self._ctx(stack, self._env(binding, stack))
        elif site.defaults:  # no call makes the object (C#: the runtime does): its fields have their own values
            own = {k: evaluate(v, ctx, site.file) for k, v in site.defaults if k.startswith("this.")}
            ctx = self._ctx(stack, own)
        if site.loops:  # the items of the loops around it, evaluated where they are written (in the helper, if any)
            ctx = self._ctx(stack, {**ctx.env, **loopruns.env(site, binding.loop, ctx)})
        val = evaluate(site.name, ctx, site.file)
        doubt = binding.doubts()
        if not doubt:
            return val
        options = val.options or ((val,) if val.known else ())  # what it names if the call runs this overload
        return Val((), val.shape, (*val.missing, f"the call may run another overload: {doubt}"), options, val.used)

    def _env(self, binding: Binding, stack: Stack | None) -> dict[str, Val]:
        """The values of a helper's parameters at one call (the arguments evaluated where they are written)."""
        assert binding.file is not None
        where = dict(binding.written)  # a default is written in the helper's file, an argument at the call
        if binding.outer is None:
            ctx = self._ctx(stack)
            return {name: self._arg(expr, ctx, where.get(name, binding.file)) for name, expr in binding.args}
        ctx = self._ctx(stack, self._env(binding.outer, stack))
        return {name: evaluate(expr, ctx, where.get(name, binding.file)) for name, expr in binding.args}

    def _reference(self, site: ir.Site, stack: Stack | None, binding: Binding, val: Val) -> Reference:
        if overloads.gives_back_no_reference(site.signature):  # `bool IsFirst()`: what its callers do with the
            binding = dataclasses.replace(binding, outputs=(), reads_open="", reads=())  # result is not the site's
        outputs = tuple(sorted(set(site.outputs) | set(binding.outputs)))
        reads = _reads(site, binding)
        reads_open = site.reads_open or binding.reads_open
        via = f" via the call at {binding.via()}" if binding.file else ""
        via = f" {loopruns.described(binding.loop, site.file, val.shape)}{via}" if binding.loop else via
        target, why = to_target(val, self.project.name) if val.known else (None, "")
        if target is None:
            base = Reference(
                file=site.file,
                line=site.line,
                project_path=self.project.path,
                project=self.project.name,
                stack=stack.name if stack else None,
                resolved=False,
                outputs=outputs,
                language=site.language,
                reads_open=reads_open,
                reads=reads,
            )
            return self._unresolved_ref(base, site, val, val.missing if not val.known else (why,), via)
        impossible = self.resolver.impossible(target, self.project.name, val.shape)
        if impossible is not None:
            base = Reference(
                file=site.file,
                line=site.line,
                project_path=self.project.path,
                project=self.project.name,
                stack=stack.name if stack else None,
                resolved=False,
                outputs=outputs,
                language=site.language,
                reads_open=reads_open,
                reads=reads,
            )
            return self._unresolved_ref(base, site, val, (impossible,), via)
        detail = f"StackReference({site.text}){via}"
        own = self.linker.installed_note(site.file)
        used = (own, *val.used) if own is not None and own not in val.used else val.used
        if used:
            detail += " with " + ", ".join(used)
        local = None
        if stack is not None or target.stack is not None:
            local = self.resolver.local_id(target, own_stack=stack.name if stack else None, project=self.project.name)
        # One constructor call per reference (no dataclasses.replace): a frozen dataclass is slow to build.
        return Reference(
            file=site.file,
            line=site.line,
            project_path=self.project.path,
            project=self.project.name,
            stack=stack.name if stack else None,
            resolved=True,
            target=target,
            target_id=local if local in self.resolver.stacks else None,
            outputs=outputs,
            language=site.language,
            detail=detail,
            reads_open=reads_open,
            reads=reads,
        )

    def _arg(self, expr: ir.Expr, ctx: Context, file: str) -> Val:
        if ir.params_in(expr):
            return Val(
                (),
                "<?>",
                (
                    "a helper parameter passed on to another helper, which no call gives a known value "
                    f"(up to {MAX_LEVELS} helpers are followed)",
                ),
            )
        return evaluate(expr, ctx, file)

    def _unresolved_ref(
        self, base: Reference, site: ir.Site, val: Val, missing: tuple[str, ...], via: str
    ) -> Reference:
        reason = f"cannot resolve '{val.shape}'{via}: " + "; ".join(missing)
        candidates = []
        for option in val.options:
            if option.known:
                target, _ = to_target(option, self.project.name)
                if target is not None:
                    candidates.append(_show(target))
        ref = _replace(base, reason=reason, candidates=tuple(sorted(set(candidates))))
        self._unresolved.setdefault((site.file, site.line, reason), []).append(base.stack or "(project)")
        return ref

    def _edge(self, ref: Reference, stack: Stack) -> None:
        target = ref.target
        assert target is not None
        evidence = Evidence(EdgeKind.CODE, ref.file, ref.line, ref.detail)
        local = self.resolver.local_id(target, own_stack=stack.name, project=self.project.name)
        if local == stack.id:
            self.result.diagnostics.append(
                Diagnostic(
                    Severity.WARNING,
                    DiagnosticCode.SELF_REFERENCE,
                    f"stack '{stack.id}' references itself; ignored",
                    ref.file,
                    ref.line,
                )
            )
            return
        if local is not None and local in self.resolver.stacks:
            self.result.edges.append((stack.id, local, evidence))
            return
        if local is not None:
            self.result.dangling.add(local)
            self.result.edges.append((stack.id, local, evidence))
            self.result.diagnostics.append(
                Diagnostic(
                    Severity.WARNING,
                    DiagnosticCode.DANGLING,
                    f"stack '{stack.id}' references '{local}', but project '{target.project}' has no stack "
                    f"'{local.split('/', 1)[1]}'; add its stack file or fix the reference" + self._legacy(target),
                    ref.file,
                    ref.line,
                )
            )
            return
        self.result.edges.append((stack.id, self.resolver.external_id(target), evidence))

    def _legacy(self, target: Target) -> str:
        """For a one-part name on a self-managed backend that names no stack of its project: the stacks of that
        name in other projects, which Pulumi's legacy layout (stacks not scoped by project) would read it as."""
        if target.org is not None or target.stack is None or self.project.name not in self.resolver.diy:
            return ""
        others = sorted(
            s
            for s in self.resolver.stacks
            if s.split("/", 1)[1] == target.stack and s != f"{target.project}/{target.stack}"
        )
        if not others:
            return ""
        owners = " and ".join(f"'{s.split('/', 1)[0]}'" for s in others)
        edge = others[0] if len(others) == 1 else f"PROJECT/{target.stack}"
        have = "s" * (len(others) > 1) + f" {owners} {'have' if len(others) > 1 else 'has'}"
        return (
            f". Project{have} a stack '{target.stack}': "
            "a self-managed backend with the legacy layout (stacks not scoped by project, deprecated by Pulumi) "
            f"reads the name as {'the one of those stacks it holds' if len(others) > 1 else 'that stack'}; if yours "
            f"has it, declare the edge: `stackgraph:dependsOn: [{edge}]`"
        )

    def finish(self) -> None:
        """Add one warning per unresolved site and reason, naming the stacks it concerns (by id when the site is in
        a file outside the project's folder: a shared module, another project's package)."""
        base = "" if self.project.path == "." else self.project.path + "/"
        for (file, line, reason), stacks in sorted(self._unresolved.items()):
            named = sorted(set(stacks))  # a site in another folder: its project's stacks by id (`certs/poc`)
            who = ", ".join(named if file.startswith(base) else [f"{self.project.name}/{s}" for s in named])
            self.result.diagnostics.append(
                Diagnostic(
                    Severity.WARNING, DiagnosticCode.UNRESOLVED, f"StackReference for {who}: {reason}", file, line
                )
            )


def _show(target: Target) -> str:
    return "/".join(p for p in (target.org, target.project, target.stack or "{stack}") if p)


def _reads(site: ir.Site, binding: Binding) -> ir.Reads:
    """Where the keys of a reference are read, when some are read in another file than the site's (a read in the
    site's own file stands at the site's line); empty when all are in its file."""
    every = (*reads_of(site.outputs, site.reads, site.file, site.line), *binding.reads)
    if all(file == site.file for _, file, _ in every):
        return ()
    return tuple(sorted({(k, f, site.line if f == site.file else n) for k, f, n in every}))


def _replace(ref: Reference, **changes: Any) -> Reference:
    return dataclasses.replace(ref, **changes)


def bindings_for(site: ir.Site, calls: CallFinder, linker: Linker, depth: int = 0) -> list[Binding]:
    """Return the helper calls that bind `site`'s parameters (only calls with arguments count).

    A call made inside another helper with that helper's parameters is bound at each call of
    that helper in turn (two levels: `foundation(stack)` calling `ref("foundation", stack)`); such a
    call counts only when its helper is called somewhere, unless no other call binds the site.
    """
    if site.func is None:
        return []
    out: list[Binding] = []
    uncalled: list[Binding] = []  # made in a function that passes its parameters on but that nothing calls
    for file, call in calls(site):
        doubt = _runs(site, call) if _calls_helper(file, call, site, linker) else None
        if doubt is None:
            continue
        call = selfless.given(site, file, call)  # an instance method called on its class: no `self` given
        args, written = arguments(site, call)
        carried = _members(site, args, file, linker)
        receiver = dict(call.kwargs).get("this")  # `setup.Check()` on a parameter: its fields are `setup.<field>`
        for name in site.params if receiver is not None else ():
            if name.startswith("this.") and not any(k == name for k, _ in call.kwargs):
                made = made_member(receiver, name[5:])  # on `new Setup(..)`: its constructor's values
                if made is not None:
                    args[name] = made
                elif isinstance(receiver, ir.Param):
                    args[name] = ir.Param(receiver.name + name[4:])
                elif isinstance(receiver, ir.Unknown):  # Go `StackRef{a, b}`: fields written by position
                    args[name] = receiver
        reads = reads_of(call.outputs, call.reads, file, call.line)
        binding = Binding(
            file, call.line, tuple(sorted(args.items(), key=lambda kv: kv[0])), call.outputs, None,
            reads_open=call.reads_open, doubt=doubt, guards=call.guards, reads=reads, written=written,
        )  # fmt: skip
        if call.func is not None and depth < MAX_LEVELS - 1 and _passes_own(call, args):
            holder = ir.Site(
                file,
                call.line,
                ir.concat(list(args.values())),  # what the call passes on: the names its own callers must bind
                "",
                "",
                func=call.func,
                params=call.params,
                defaults=(*call.defaults, *carried),
                owner=call.owner,
                instance=call.instance,
                signature=call.signature,
                overloads=call.overloads,
            )
            outers = bindings_for(holder, calls, linker, depth + 1)
            for outer in outers:
                outputs = tuple(sorted(set(call.outputs) | set(outer.outputs)))
                out.append(
                    Binding(
                        file,
                        call.line,
                        binding.args,
                        outputs,
                        outer,
                        call.reads_open or outer.reads_open,
                        doubt,
                        call.guards,
                        tuple(sorted(set(reads) | set(outer.reads))),
                        written=written,
                    )
                )
            if not outers:
                uncalled.append(binding)
            continue
        out.append(binding)
    # A call in a function nothing calls never runs: it binds nothing while another call does (alone, the
    # site stays unresolved with that reason, never dropped).
    return sorted(out or uncalled, key=lambda b: (b.file or "", b.line or 0, b.via()))


def _passes_own(call: ir.Call, args: dict[str, ir.Expr]) -> bool:
    """Whether a call passes on parameters of the function it is made in, which that function's callers bind. A
    name of another scope (Go's `ctx` of the `pulumi.Run` callback in `main`, which has none) is no parameter of
    it: was taken for one, so the call counted as made in a function nothing calls, and was dropped without a word
    while another call bound the site."""
    own = {n for p in call.params for n in (p, *ir.destructured(p).values())}
    return any(n in own or n.split(".", 1)[0] in own for v in args.values() for n in ir.params_in(v))


def _runs(site: ir.Site, call: ir.Call) -> str | None:
    """Whether a call of the helper holding `site` runs it: "" surely, None never (an overload of its name that
    takes other arguments, Java and C#), else why it may run another overload."""
    named = tuple(k for k, _ in call.kwargs if k != "this" and not k.startswith("this."))  # C# `env: x`
    return overloads.runs(site.signature, site.overloads, len(call.args), named, site.func or "")


def _members(site: ir.Site, args: dict[str, ir.Expr], file: str, linker: Linker) -> list[tuple[str, ir.Expr]]:
    """Bind the members of objects a site reads (`setup.Env`, C#) that the call did not set: a call passing its
    own parameter `s` on gives `s.Env` (returned with its default, for the callers of that call's function),
    a made object the class's own value (the site's default for it), if any."""
    defaults = {k: v for k, v in site.defaults if "." in k}
    carried = []
    for used in sorted(_needed(site, linker)):
        head, dot, rest = used.partition(".")
        if not dot or used in args or head not in args:
            continue
        passed = args[head]
        made = made_member(passed, rest)  # a Java `new Setup(..)` passed: the field its constructor sets
        if made is not None:
            args[used] = made
        elif isinstance(passed, ir.Param):
            args[used] = ir.Param(f"{passed.name}.{rest}")
            if used in defaults:
                carried.append((f"{passed.name}.{rest}", defaults[used]))
        elif used in defaults:
            args[used] = defaults[used]
        elif isinstance(passed, ir.Unknown):  # the object is not known: its members, for the same reason
            args[used] = passed
    return carried


def _needed(site: ir.Site, linker: Linker) -> set[str]:
    """The parameters a site's name reads, with the members of objects whose methods it calls (C#
    `setup.Name()` reads `setup.<field>` for each field `Name` reads)."""
    return members_read(site.name, site.file, linker.lookup)


def _calls_helper(file: str, call: ir.Call, site: ir.Site, linker: Linker) -> bool:
    callee = call.callee
    if isinstance(callee, ir.Lit):
        return callee.value == site.func and file == site.file
    if isinstance(callee, ir.Import) and callee.module == ir.GLOBAL:  # `Refs.load(x)`: a static method, by class
        owner, _, method = callee.name.rpartition(".")
        return method == site.func and site.owner is not None and owner == site.owner
    if isinstance(callee, ir.Import):  # `Import(m, EVERY)`: the module `m` used as a value, each function it gives
        wanted = callee if callee.name != ir.EVERY else ir.Import(callee.module, site.func or "")
        return (site.file, site.func) in linker.origins(file, wanted)
    return False
