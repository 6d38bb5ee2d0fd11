"""Plan an ephemeral environment: the stacks a copy of BASE creates, the config it rewrites, what it shares.

Pure: reads a scanned `Repo` and runs nothing. For each chosen stack named BASE that is not
shared, a stack NAME of the same project is planned with BASE's config, where every value that
names a BASE stack of another copied project is rewritten to name that project's NAME stack:
`project/BASE` and `org/project/BASE` anywhere in the config (`stackgraph:dependsOn` included),
and a bare `BASE` in a config key that the scanner saw feed a StackReference to such a stack (the
evidence of a code edge says `with ns:key from FILE`). Values that name a shared stack are kept.
Secret values are never read, so never rewritten. `check` then reads the planned stacks as the
scanner would (discovery.scan.scan_planned) and names every reference that would still leave the
environment, or reach a stack it does not create, with its file and line.
"""

from __future__ import annotations

import calendar
import functools
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any

from stackgraph.model import SECRET, Declared, EdgeKind, Repo, Stack, StackId, stack_id

_USED = re.compile(r"([^\s,]+) from ([^\s,]+)")


@dataclass(frozen=True, order=True)
class Rewrite:
    """One config value of a new stack that names another stack than BASE's config did."""

    stack: StackId  # the new stack
    key: str  # `ns:key`, with `[i]` / `.member` for a value inside a list or object
    old: str
    new: str
    file: str  # where the old value is written


@dataclass(frozen=True)
class EnvPlan:
    """What `env up NAME --from BASE` creates, rewrites and shares; every list sorted."""

    name: str
    base: str
    created: tuple[tuple[StackId, StackId], ...]  # (BASE stack, new stack)
    shared: tuple[StackId, ...]  # chosen stacks that are not copied: the new stacks read them as they are
    rewrites: tuple[Rewrite, ...] = ()
    config: Mapping[StackId, Mapping[str, Any]] = field(default_factory=dict)  # new stack -> keys set in it
    reads: tuple[tuple[StackId, StackId], ...] = ()  # (new stack, a stack outside the environment it reads)

    @property
    def new_ids(self) -> tuple[StackId, ...]:
        return tuple(new for _, new in self.created)

    def base_of(self) -> dict[StackId, StackId]:
        return {new: old for old, new in self.created}


def plan_env(repo: Repo, chosen: Iterable[StackId], shared: Iterable[StackId], name: str, base: str) -> EnvPlan:
    """Plan the copies of the chosen BASE stacks that are not shared; see the module docstring."""
    by_id = repo.stack_by_id()
    shared_set = frozenset(shared)
    copies = sorted(s for s in set(chosen) if s in by_id and by_id[s].name == base and s not in shared_set)
    copied = frozenset(by_id[s].project for s in copies)
    rewrites: list[Rewrite] = []
    config: dict[StackId, dict[str, Any]] = {}
    for sid in copies:
        stack = by_id[sid]
        new = stack_id(stack.project, name)
        rule = _Rule(base, name, copied - {stack.project}, _fed_keys(repo, stack, copied, base))
        config[new] = _rewrite_config(stack, repo, rule, new, rewrites)
    kept = sorted(s for s in shared_set if s in by_id and by_id[s].name == base)
    return EnvPlan(
        name,
        base,
        tuple((s, stack_id(by_id[s].project, name)) for s in copies),
        tuple(kept),
        tuple(sorted(rewrites)),
        {k: config[k] for k in sorted(config) if config[k]},
    )


@dataclass(frozen=True)
class _Rule:
    base: str
    name: str
    projects: frozenset[str]  # the other copied projects
    fed: frozenset[str]  # config keys (`ns:key`) that feed a reference to a copied BASE stack

    def apply(self, key: str, value: str) -> str | None:
        """The new value of a string in config key `key`, or None when it names no copied BASE stack."""
        parts = value.split("/")
        if 2 <= len(parts) <= 3 and parts[-1] == self.base and parts[-2] in self.projects:
            return "/".join([*parts[:-1], self.name])
        if value == self.base and key in self.fed:
            return self.name
        return None


def _fed_keys(repo: Repo, stack: Stack, copied: frozenset[str], base: str) -> frozenset[str]:
    """The config keys the scanner read to name a copied BASE stack in one of `stack`'s references."""
    keys: set[str] = set()
    for edge in repo.edges:
        target = edge.dependency.split("/")
        if edge.dependent != stack.id or target[-1] != base or target[0] not in copied:
            continue
        for ev in edge.evidence:
            if ev.kind is EdgeKind.CODE and " with " in ev.detail:
                keys.update(key for key, _file in _USED.findall(ev.detail.split(" with ", 1)[1]))
    out = set(keys)
    for key in keys:  # a key of the project's own namespace may be written without it
        ns, _, bare = key.partition(":")
        if ns == stack.project:
            out.add(bare)
    return frozenset(out)


def _rewrite_config(stack: Stack, repo: Repo, rule: _Rule, new: StackId, out: list[Rewrite]) -> dict[str, Any]:
    """The keys whose value changes in the new stack (whole values), recording each change in `out`.

    A project default (Pulumi.yaml `config:`) that names a stack is overridden in the new stack; a key
    the stack file sets wins over it, as in Pulumi.
    """
    effective: dict[str, tuple[Any, str]] = {}
    project = repo.project_by_path().get(stack.project_path)
    if project is not None:
        for key, value in project.config.items():
            effective[_full(key, stack.project)] = (_default(value), project.file)
    for key, value in stack.config.items():
        effective.pop(_full(key, stack.project), None)
        effective[key] = (value, stack.file)
    changed: dict[str, Any] = {}
    for key in sorted(effective):
        value, file = effective[key]
        if value is SECRET or value is None:
            continue
        found: list[Rewrite] = []
        result = _walk(value, key, functools.partial(rule.apply, key), new, file, found)
        if found:
            changed[key] = result
            out.extend(found)
    return changed


def _full(key: str, project: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def _default(value: Any) -> Any:
    if isinstance(value, dict):
        return value.get("value", value.get("default"))
    return value


def _walk(value: Any, key: str, apply: Callable[[str], str | None], new: StackId, file: str, out: list[Rewrite]) -> Any:
    """`value` with every string rewritten by `apply(text)` (lists and objects followed)."""
    if isinstance(value, str):
        result = apply(value)
        if result is None:
            return value
        out.append(Rewrite(new, key, value, result, file))
        return result
    if isinstance(value, list):
        return [_walk(v, f"{key}[{i}]", apply, new, file, out) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: _walk(v, f"{key}.{k}", apply, new, file, out) for k, v in value.items()}
    return value


def new_stacks(plan: EnvPlan, repo: Repo) -> list[Stack]:
    """The planned stacks as the scanner will read them once their stack files are written."""
    by_id = repo.stack_by_id()
    out = []
    for old_id, new_id in plan.created:
        old = by_id[old_id]
        file = str(PurePosixPath(old.file).with_name(f"Pulumi.{plan.name}{PurePosixPath(old.file).suffix}"))
        config = {**old.config, **plan.config.get(new_id, {})}
        depends = _declared(old.depends_on, config, file)
        out.append(replace(old, name=plan.name, file=file, config=config, depends_on=depends, from_env=False))
    return out


def _declared(old: tuple[Declared, ...] | None, config: Mapping[str, Any], file: str) -> tuple[Declared, ...] | None:
    """`stackgraph:dependsOn` of a new stack: the rewritten list, on the lines of BASE's."""
    if old is None:
        return None
    values = config.get("stackgraph:dependsOn")
    if not isinstance(values, list) or len(values) != len(old):
        return tuple(Declared(d.value, file, d.line) for d in old)
    return tuple(Declared(str(v), file, d.line) for v, d in zip(values, old, strict=True))


def check(plan: EnvPlan, planned: Repo) -> tuple[EnvPlan, list[str]]:
    """Read the planned environment's edges: the plan with what it keeps reading, and every problem found.

    A problem is a new stack that would still read a copied BASE stack (a name the rewrite could not
    reach), or read a stack of this name that the environment does not create (a name built from the
    current stack, for a project that is shared or not chosen).
    """
    new = set(plan.new_ids)
    copied_base = {old for old, _ in plan.created}
    stacks = {s.id for s in planned.stacks}
    shared = set(plan.shared)
    problems: list[str] = []
    reads: set[tuple[StackId, StackId]] = set()
    for edge in planned.edges:
        if edge.dependent not in new or edge.dependency in new:
            continue
        where = "; ".join(f"{e.location()} ({e.detail})" for e in edge.evidence)
        if edge.dependency in copied_base:
            problems.append(
                f"{edge.dependent} would still read {edge.dependency}, which the environment copies: {where}; "
                f"make that name follow the stack or a config value, or share it (--share {edge.dependency})"
            )
        elif edge.dependency not in stacks and edge.dependency.endswith(f"/{plan.name}"):
            origin = edge.dependency.rsplit("/", 1)[0] + f"/{plan.base}"
            fix = "do not share it" if origin in shared else f"choose {origin} too"
            problems.append(
                f"{edge.dependent} would read {edge.dependency}, which the environment does not create "
                f"({origin} is {'shared' if origin in shared else 'not chosen'}): {where}; the program builds "
                f"that name from the current stack: read it from config to keep {origin}, or {fix}"
            )
        else:
            reads.add((edge.dependent, edge.dependency))
    return replace(plan, reads=tuple(sorted(reads))), problems


TAG_ENV = "stackgraph:env"
TAG_FROM = "stackgraph:from"
TAG_CREATED = "stackgraph:created"
TAG_TTL = "stackgraph:ttl"
NO_TTL = "none"


@dataclass(frozen=True)
class EnvStack:
    """One stack of an environment as the backend knows it."""

    id: StackId
    resources: int
    tags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Environment:
    """The stacks carrying one `stackgraph:env` tag value, and what their tags say."""

    name: str
    stacks: tuple[EnvStack, ...]

    def tag(self, key: str) -> str:
        """The tag's value on the stacks ('' when none has it; the first, by stack id, when they differ)."""
        values = [s.tags[key] for s in self.stacks if s.tags.get(key)]
        return values[0] if values else ""

    @property
    def created(self) -> float | None:
        return parse_time(self.tag(TAG_CREATED))

    @property
    def ttl_s(self) -> int | None:
        text = self.tag(TAG_TTL)
        return None if text in ("", NO_TTL) else parse_duration(text)

    def expires(self) -> float | None:
        created, ttl = self.created, self.ttl_s
        return None if created is None or ttl is None else created + ttl

    def expired(self, now: float) -> bool:
        end = self.expires()
        return end is not None and end <= now


_DURATION = re.compile(r"(\d+)([smhdw])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> int | None:
    """Seconds in `90m`, `72h`, `1d12h`, `2w`; None when `text` is not such a duration (or is 0)."""
    text = text.strip()
    if not text or _DURATION.sub("", text):
        return None
    total = sum(int(n) * _UNITS[u] for n, u in _DURATION.findall(text))
    return total or None


def format_time(epoch: float) -> str:
    """UTC, to the second, as the `stackgraph:created` tag holds it: 2026-12-05T12:00:00Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def parse_time(text: str) -> float | None:
    """The inverse of `format_time`; None for anything else."""
    try:
        return float(calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ")))
    except ValueError:
        return None
