"""Evaluate selectors (see `graph/selector.py` for the language) on the stacks of one scan.

`[REF]` and `--changed-since` are what changed since the merge base of REF and HEAD (plus uncommitted
and untracked files) and, unless `dependents` is off, every dependent of it.

Pure: no I/O. Changes since a git ref come from a callback (see discovery/changes.py), so this module
never runs git. Every selector that does not parse, or that matches no stack, raises `UsageError`
(exit 2) with one line naming it and, when one is near, the name that was probably meant. Results
never depend on the order the graph was built in.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from stackgraph.config import Settings
from stackgraph.discovery.changes import Impact
from stackgraph.errors import InputError, UsageError, closest
from stackgraph.files import shown
from stackgraph.graph.dag import ALL, StackGraph
from stackgraph.graph.selector import Part, PartKind, Selector, Term, check_ref, parse
from stackgraph.model import Repo, StackId

_LISTED = 12  # name at most this many candidates in a message

ChangeFn = Callable[[str, str], Impact]
"""`(ref, origin) -> Impact`: the files changed since `ref`, mapped to stacks; raises `UsageError`."""


@dataclass(frozen=True)
class Selection:
    """The chosen stacks, why each was chosen, and warnings met on the way (removed stacks)."""

    ids: frozenset[StackId]
    why: Mapping[StackId, tuple[str, ...]]
    warnings: tuple[str, ...] = ()
    used_changes: bool = False


class Universe:
    """The stacks of one scan, indexed for selection; each index is built on first use."""

    def __init__(self, repo: Repo, graph: StackGraph) -> None:
        self._pairs = sorted((s.id, s) for s in repo.stacks)  # Stack.id builds a string: once per stack
        self.sorted_ids = [sid for sid, _ in self._pairs]
        self.ids = frozenset(self.sorted_ids)
        self._repo = repo
        self.graph = graph  # every walk (reach, nearest roots) is the graph's own

    @cached_property
    def by_project(self) -> dict[str, list[StackId]]:
        return _group((s.project, sid) for sid, s in self._pairs)

    @cached_property
    def by_name(self) -> dict[str, list[StackId]]:
        return _group((s.name, sid) for sid, s in self._pairs)

    @cached_property
    def by_tag(self) -> dict[str, list[StackId]]:
        projects = {p.path: p.tags for p in self._repo.projects}
        tags = ((sid, s.tags if s.tags is not None else projects.get(s.project_path, ())) for sid, s in self._pairs)
        return _group((tag, sid) for sid, ts in tags for tag in ts)

    @cached_property
    def folder_of(self) -> dict[str, str]:
        return {p.name: p.path for p in self._repo.projects}


@dataclass
class Evaluator:
    """Evaluate parsed selectors on one `Universe`; caches what changed per git ref."""

    universe: Universe
    changes: ChangeFn | None = None
    dependents: bool = True
    warnings: list[str] = field(default_factory=list)
    changed_why: dict[str, dict[StackId, tuple[str, ...]]] = field(default_factory=dict)
    _changed: dict[str, frozenset[StackId]] = field(default_factory=dict)

    def selector(self, selector: Selector, origin: str) -> dict[str, frozenset[StackId]]:
        """Return the stacks of each term of `selector`, by term text."""
        return {t.text: self.term(t, origin) for t in selector.terms}

    def term(self, term: Term, origin: str) -> frozenset[StackId]:
        result: frozenset[StackId] | None = None
        for part in term.parts:
            ids = self.part(part, origin)
            result = ids if result is None else result & ids
        assert result is not None  # a term has at least one part
        if not result and not term.refs and len(term.parts) > 1:
            raise UsageError(
                f"{origin}: '{term.text}' matches no stack: its parts have no stack in common; "
                "separate them with a space for the stacks any of them matches"
            )
        return result

    def part(self, part: Part, origin: str) -> frozenset[StackId]:
        ids = self.atom(part, origin)
        if part.at:
            ids = self.universe.graph.reach(self.universe.graph.reach(ids, ALL, up=False), ALL, up=True)
        out = ids
        if part.up is not None:
            out |= self.universe.graph.reach(ids, part.up, up=True)
        if part.down is not None:
            out |= self.universe.graph.reach(ids, part.down, up=False)
        return out & self.universe.ids

    def atom(self, part: Part, origin: str) -> frozenset[StackId]:
        if part.kind is PartKind.CHANGED:
            return self.changed(part.value, f"{origin} '{part.text}'")
        ids = frozenset(_MATCHERS[part.kind](self.universe, part.value))
        if not ids:
            raise UsageError(f"{origin}: {_no_match(self.universe, part)}")
        return ids

    def changed(self, ref: str, origin: str) -> frozenset[StackId]:
        """The stacks changed since `ref` and (unless `dependents` is off) their dependents."""
        if ref in self._changed:
            return self._changed[ref]
        if self.changes is None:
            raise UsageError(f"{origin}: change selectors ('[{ref}]') cannot be used here; name stacks instead")
        impact = self.changes(ref, origin)
        self.warnings.extend(w for w in impact.warnings if w not in self.warnings)
        why: dict[StackId, list[str]] = {sid: [f"changed: {_files(files)}"] for sid, files in impact.stacks.items()}
        for pattern, selectors, files in impact.watched:
            lines = impact.watch_lines.get(pattern, ())
            for i, sel in enumerate(selectors):
                line = lines[i] if i < len(lines) else None
                where = f"{impact.settings_file}:{line}" if line else impact.settings_file
                for sid in sorted(self._watch(sel, f"{where}: watch '{pattern}'")):
                    why.setdefault(sid, []).append(f"changed: {_files(files)} (watch '{pattern}')")
        direct = frozenset(why)
        result = {sid: tuple(r) for sid, r in why.items()}
        if self.dependents:
            for sid, root in self.universe.graph.nearest_roots(direct).items():
                result[sid] = (f"dependent of {root}",)
        ids = frozenset(result) & self.universe.ids
        self.changed_why[ref] = {sid: r for sid, r in result.items() if sid in ids}
        self._changed[ref] = ids
        return ids

    def _watch(self, text: str, origin: str) -> frozenset[StackId]:
        selector = parse_watch(text, origin)
        out: frozenset[StackId] = frozenset()
        for ids in self.selector(selector, origin).values():
            out |= ids
        return out


def _group(pairs: Iterable[tuple[str, StackId]]) -> dict[str, list[StackId]]:
    out: dict[str, list[StackId]] = {}
    for key, sid in pairs:
        out.setdefault(key, []).append(sid)
    return out


def _files(files: Sequence[str], shown: int = 3) -> str:
    more = len(files) - shown
    return ", ".join(files[:shown]) + (f" (+{more} more)" if more > 0 else "")


def _glob(pattern: str) -> Callable[[str], bool]:
    if not any(c in pattern for c in "*?["):
        return pattern.__eq__
    return re.compile(fnmatch.translate(pattern)).match  # type: ignore[return-value]  # Match | None is used as a truth value


def _match_ids(u: Universe, value: str) -> list[StackId]:
    if not any(c in value for c in "*?["):
        return [StackId(value)] if value in u.ids else []
    match = _glob(value)
    return [i for i in u.sorted_ids if match(i)]


def _match_keyed(index: Mapping[str, list[StackId]], value: str) -> list[StackId]:
    match = _glob(value)
    return [sid for key, ids in index.items() if match(key) for sid in ids]


def _normalize_dir(value: str) -> str | None:
    """`./a/b/` -> `a/b`; None when the folder leaves the scanned root."""
    norm = posixpath.normpath(value.lstrip("/") if value != "/" else ".")
    return None if norm == ".." or norm.startswith("../") else norm


def _match_path(u: Universe, value: str) -> list[StackId]:
    folder = _normalize_dir(value)
    if folder is None:
        return []
    if folder == ".":
        return u.sorted_ids
    match = _glob(folder)
    out: list[StackId] = []
    for project, path in u.folder_of.items():
        if any(match(p) for p in _self_and_parents(shown(path))):  # n\xe9t, as every output shows it
            out.extend(u.by_project.get(project, ()))
    return out


def _self_and_parents(path: str) -> Iterable[str]:
    while path and path != ".":
        yield path
        path = posixpath.dirname(path)


_MATCHERS: dict[PartKind, Callable[[Universe, str], list[StackId]]] = {
    PartKind.ID: _match_ids,
    PartKind.PROJECT: lambda u, v: _match_keyed(u.by_project, v),
    PartKind.STACK: lambda u, v: _match_keyed(u.by_name, v),
    PartKind.TAG: lambda u, v: _match_keyed(u.by_tag, v),
    PartKind.PATH: _match_path,
}


def _unclosed_bracket(glob: str) -> bool:
    """Whether a '[' of `glob` opens no class (fnmatch then reads it as a '['): no ']' closes it."""
    i = glob.find("[")
    while i >= 0:
        j = i + 1 + (glob[i + 1 : i + 2] == "!")
        j += glob[j : j + 1] == "]"  # a ']' first in a class is part of it
        close = glob.find("]", j)
        if close < 0:
            return True
        i = glob.find("[", close + 1)
    return False


def _candidates(u: Universe, kind: PartKind) -> tuple[str, list[str], str]:
    """(what it is called, the names that exist, the selector prefix) for a kind of atom."""
    if kind is PartKind.ID:
        return "stack", list(u.sorted_ids), ""
    if kind is PartKind.PATH:
        return "project folder", sorted({q for p in u.folder_of.values() for q in _self_and_parents(p)}), "path:"
    keys = {PartKind.PROJECT: list(u.folder_of), PartKind.STACK: list(u.by_name), PartKind.TAG: list(u.by_tag)}
    what = {PartKind.PROJECT: "project", PartKind.STACK: "stack name", PartKind.TAG: "tag"}
    return what[kind], sorted(keys[kind]), f"{kind.value}:"


def _no_match(u: Universe, part: Part) -> str:
    """Say that `part` matches nothing, and what was probably meant."""
    what, names, prefix = _candidates(u, part.kind)
    if _unclosed_bracket(part.value):
        return (
            f"'{part.text}' matches no {what}: its '[' is not closed, so it stands for a '[' in a name; "
            "close it ('[abc]') or remove it"
        )
    if part.kind is PartKind.PROJECT and _match_keyed({k: [StackId(k)] for k in u.folder_of}, part.value):
        return f"'{part.text}' matches only projects without stack files; add a Pulumi.<stack>.yaml"
    if part.kind is PartKind.PATH and _normalize_dir(part.value) is None:
        return f"'{part.text}' leaves the scanned folder; paths are relative to it, like 'path:services'"
    close = closest(part.value, names)
    if close:
        return f"'{part.text}' matches no {what} (did you mean '{prefix}{close}'?)"
    if part.kind in (PartKind.STACK, PartKind.TAG) and 0 < len(names) <= _LISTED:
        return f"'{part.text}' matches no {what}; the {what}s are: {', '.join(names)}"
    if part.kind is PartKind.TAG and not names:
        return f"'{part.text}' matches no tag: no stack has tags; add 'stackgraph:tags' to a stack or project config"
    return f"'{part.text}' matches no {what}; `stackgraph ls` lists the stacks"


def select(
    repo: Repo,
    graph: StackGraph,
    *,
    select: Sequence[str] = (),
    exclude: Sequence[str] = (),
    changed_since: str | None = None,
    dependents: bool = True,
    changes: ChangeFn | None = None,
) -> Selection:
    """Evaluate `--select` (union), `--changed-since` (intersected) and `--exclude` (subtracted).

    Without `select` every stack is the start. Raises `UsageError` for a bad or empty selector.
    """
    ev = Evaluator(Universe(repo, graph), changes, dependents)
    why: dict[StackId, list[str]] = {}
    for text in select:
        for term in parse(text, "--select").terms:
            matched, refs = f"matches '{term.text}'", term.refs
            for sid in sorted(ev.term(term, "--select")):
                reasons = why.setdefault(sid, [])
                reasons.append(matched)
                reasons.extend(r for ref in refs for r in ev.changed_why[ref].get(sid, ()))
    chosen = frozenset(why) if select else ev.universe.ids
    if changed_since is not None:
        chosen &= ev.changed(check_ref(changed_since, "--changed-since"), "--changed-since")
        for sid in chosen:
            why.setdefault(sid, []).extend(ev.changed_why[changed_since][sid])
    for text in exclude:
        for ids in ev.selector(parse(text, "--exclude"), "--exclude").values():
            chosen -= ids
    final = {sid: _dedupe(why.get(sid) or ["every stack (no --select)"]) for sid in sorted(chosen)}
    return Selection(frozenset(final), final, tuple(ev.warnings), bool(ev.changed_why))


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def parse_watch(text: str, origin: str) -> Selector:
    """Parse a selector of `watch` in stackgraph.yaml; UsageError when it is wrong or names a git ref."""
    selector = parse(text, origin)
    if any(t.refs for t in selector.terms):
        raise UsageError(f"{origin}: '{text}': a watch selector cannot name a git ref; name stacks instead")
    return selector


def parse_pool(text: str, origin: str) -> Selector:
    """Parse a selector of `pools` in stackgraph.yaml; UsageError when it is wrong or names a git ref."""
    selector = parse(text, origin)
    if any(t.refs for t in selector.terms):
        raise UsageError(f"{origin}: '{text}': a pool selector cannot name a git ref; name stacks instead")
    return selector


def check_pool_selectors(settings: Settings) -> None:
    """Parse every selector of `pools` when the settings are loaded; InputError naming the file and line."""
    for pool in settings.pools:
        for i, text in enumerate(pool.stacks):
            try:
                parse_pool(text, f"pools.{pool.name}")
            except UsageError as exc:
                raise InputError(exc.message, file=settings.file, line=pool.lines[i]) from None


def pool_members(repo: Repo, graph: StackGraph, settings: Settings) -> tuple[tuple[str, int, frozenset[StackId]], ...]:
    """(name, limit, stacks) of each pool of the settings, its selectors evaluated on every stack of the scan;
    InputError naming the settings file and the line of a selector that is wrong or matches no stack (a pool that
    holds nothing limits nothing: most likely a typo)."""
    ev = Evaluator(Universe(repo, graph))
    out = []
    for pool in settings.pools:
        members: set[StackId] = set()
        for i, text in enumerate(pool.stacks):
            origin = f"pools.{pool.name}"
            try:
                members.update(*ev.selector(parse_pool(text, origin), origin).values())
            except UsageError as exc:
                raise InputError(exc.message, file=settings.file, line=pool.lines[i]) from None
        if not members:
            raise InputError(
                f"pools.{pool.name}: its selectors match no stack; fix them or remove the pool",
                file=settings.file,
                line=pool.lines[0] if pool.lines else None,
            )
        out.append((pool.name, pool.limit, frozenset(members)))
    return tuple(out)


def check_watch_selectors(settings: Settings) -> None:
    """Parse every selector of `watch` when the settings are loaded (what they match is known only later,
    with the changes); raises InputError naming the settings file and the line of the selector."""
    for pattern, selectors in settings.watch:
        for i, text in enumerate(selectors):
            try:
                parse_watch(text, f"watch {pattern!r}")
            except UsageError as exc:
                raise InputError(exc.message, file=settings.file, line=settings.watch_line(pattern, i)) from None
