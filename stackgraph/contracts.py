"""Output contracts: every output a stack reads from another must be one its producer exports.

Pure: a scanned `Repo` in, `Finding`s out. A read is checked against the exports of the producer's
project (`Repo.exports`, found by the scan): a key missing from a complete set is an error; a key
missing from an open set (a computed key, a spread, a loop) is only an info, never an error; a
reference to a stack outside the repository, a dangling or an unresolved one is never checked, and a
reference whose outputs are used where the scan cannot read them (`Reference.reads_open`) may read
more than its recorded keys: both are counted as not checked (`unchecked`, `open_reads`). With
`unused`, each export that no reference of the repository reads is an info. Deterministic: findings
are sorted by severity, file, line and key.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stackgraph.model import Declared, Exports, Reference, Repo, Severity, StackId, StrEnum

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class FindingKind(StrEnum):
    """What a finding is about (`kind` in `stackgraph.check/v1`)."""

    MISSING = "missing"  # a read of an output the producer does not export (error)
    OPEN = "open"  # a read from a producer whose exports cannot all be read (info)
    UNUSED = "unused"  # an export no stack of the repository reads (info, with --unused)


@dataclass(frozen=True)
class Finding:
    """One contract finding: where (the consumer's site, or the producer's export), which output, whose."""

    severity: Severity
    kind: FindingKind
    output: str
    file: str
    line: int
    producer: str  # the producer project's name
    producer_stacks: tuple[str, ...] = ()  # the stacks read (missing, open)
    consumer_stacks: tuple[str, ...] = ()  # the stacks whose reference reads it
    exports: tuple[str, ...] = ()  # what the producer exports (sorted)
    suggestion: str | None = None  # a near miss among `exports` ("did you mean")
    why_open: tuple[Declared, ...] = ()  # for an open producer: why its set is open
    site_line: int | None = None  # the StackReference's line, when `line` is the line that reads the output
    site_file: str | None = None  # the StackReference's file, when the output is read in another file (`file`)

    def location(self) -> str:
        return f"{self.file}:{self.line}"

    def sort_key(self) -> tuple[int, str, int, str, str]:
        return (SEVERITY_ORDER[self.severity], self.file, self.line, self.output, self.producer)


@dataclass(frozen=True)
class OpenReads:
    """A StackReference site whose outputs are used where the scan cannot read them (`net.outputs` passed
    to a function, a key computed at run time): it may read keys that were not recorded, so not checked."""

    file: str
    line: int
    reason: str  # the first such use, with its file:line
    producer_stacks: tuple[str, ...] = ()  # the stacks it references, as far as they are known
    consumer_stacks: tuple[str, ...] = ()

    def location(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class CheckResult:
    """The findings of one check, and how many reads were checked."""

    findings: tuple[Finding, ...]
    checked: int  # (site, output, producer) reads compared with a complete export set
    unchecked: int = 0  # (site, output) reads of a stack outside the repository or an unresolved reference,
    # and one per site of `open_reads` (the reads of it that are not known)
    open_reads: tuple[OpenReads, ...] = ()  # sorted by file, line
    unchecked_why: tuple[tuple[str, int], ...] = ()  # the (site, output) reads not checked, by UNCHECKED reason

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)


def check(
    repo: Repo,
    consumers: frozenset[StackId] | None = None,
    *,
    ignore: Iterable[str] = (),
    unused: bool = False,
) -> CheckResult:
    """Check the reads of the `consumers` stacks (None: every stack) against their producers' exports.

    `ignore` holds `PROJECT:OUTPUT` entries (OUTPUT may be `*`) never reported; `unused` adds an info
    per export of a selected project that no reference of the repository reads.
    """
    skip = frozenset(ignore)
    exports = repo.exports_by_path()
    names = {path: x.exported() for path, x in exports.items()}
    producers = {f"{s.project}/{s.name}": (s.project, s.project_path) for s in repo.stacks}  # not Stack.id: 6,000x
    satisfied: set[tuple[str, int, str, str]] = set()
    unmet: dict[tuple[str, int, str, str, str, str, int], list[Reference]] = defaultdict(list)
    unchecked: dict[tuple[str, int, str], str] = {}
    dangling = frozenset(repo.dangling)  # the (file, line, consumer) of each site that reads a stack with no file
    missing = {(ev.file, ev.line, e.dependent) for e in repo.edges if e.dependency in dangling for ev in e.evidence}
    opened: dict[tuple[str, int], list[Reference]] = defaultdict(list)
    for ref in repo.references:
        if ref.stack is None or (consumers is not None and f"{ref.project}/{ref.stack}" not in consumers):
            continue
        producer = producers.get(ref.target_id) if ref.target_id is not None else None
        if ref.reads_open and not (skip and producer is not None and _ignored(skip, producer[0], "*")):
            opened[(ref.file, ref.line)].append(ref)
        if not ref.outputs:
            continue
        known = names.get(producer[1]) if producer is not None else None
        if producer is None or known is None:  # outside the repository, unresolved, or its program unread
            why = _unchecked_why(ref, producer is not None, missing)
            for key in ref.outputs:  # one reason per read: the first of UNCHECKED (a site may differ per stack)
                site = (ref.file, ref.line, key)
                unchecked[site] = min(unchecked.get(site, why), why, key=UNCHECKED.index)
            continue
        project, path = producer
        for key, file, line in _reads(ref):
            if key in known:
                satisfied.add((ref.file, ref.line, key, path))
            elif not (skip and _ignored(skip, project, key)):
                unmet[(file, line, key, path, project, ref.file, ref.line)].append(ref)
    findings = []
    for (file, line, key, path, project, site_file, site_line), refs in sorted(unmet.items(), key=lambda kv: kv[0]):
        findings.append(_read(exports[path], project, (file, line, key), refs, (site_file, site_line)))
    complete = {path for path, x in exports.items() if x.complete}
    missed = {(k[5], k[6], k[2], k[3]) for k in unmet}  # a key read in several files is one read of the site
    checked = sum(1 for *_, path in satisfied if path in complete) + sum(1 for k in missed if k[3] in complete)
    if unused:
        findings.extend(_unused(repo, consumers, skip))
    open_reads = tuple(_open_reads(site, refs) for site, refs in sorted(opened.items()))
    reasons = Counter(unchecked.values())
    return CheckResult(
        tuple(sorted(findings, key=Finding.sort_key)),
        checked,
        len(unchecked) + len(open_reads),
        open_reads,
        tuple((why, reasons[why]) for why in UNCHECKED if reasons[why]),
    )


UNCHECKED = ("unresolved", "no-stack-file", "unread-exports", "outside")
"""Why a read is not checked: the stack it reads is not known (an unresolved reference), is of a project of this
repository but has no stack file, is of a project whose program the scan did not read, or is outside the repository
(another repository or organization). A read with several reasons (one per stack of its project) is counted once,
under the first of them here."""


def _unchecked_why(ref: Reference, produced_here: bool, missing: set[tuple[str, int | None, StackId]]) -> str:
    if produced_here:
        return "unread-exports"
    if not ref.resolved:
        return "unresolved"
    return "no-stack-file" if (ref.file, ref.line, StackId(f"{ref.project}/{ref.stack}")) in missing else "outside"


def _reads(ref: Reference) -> Iterable[tuple[str, str, int]]:
    """`(key, file, line)` of each read of `ref`'s outputs: one in the site's own file at the site's line (the
    line that reads it is found by its text: app/contracts.py), one in another file at the line recorded there."""
    if not ref.reads:
        return ((key, ref.file, ref.line) for key in ref.outputs)
    return {(k, f, n) if f != ref.file else (k, f, ref.line) for k, f, n in ref.reads}


def _open_reads(site: tuple[str, int], refs: list[Reference]) -> OpenReads:
    """One site whose reads are open, for every stack whose reference it is."""
    return OpenReads(
        site[0],
        site[1],
        min(r.reads_open for r in refs),
        tuple(sorted({str(r.target_id) for r in refs if r.target_id is not None})),
        tuple(sorted({f"{r.project}/{r.stack}" for r in refs})),
    )


def _ignored(skip: frozenset[str], project: str, key: str) -> bool:
    return f"{project}:{key}" in skip or f"{project}:*" in skip


def _read(
    exported: Exports, producer: str, read: tuple[str, int, str], refs: list[Reference], site: tuple[str, int]
) -> Finding:
    """The finding of one read (`file`, `line`, `key`) of `producer`'s outputs, which it does not export, by the
    StackReference at `site` (named in the finding when it is in another file than the read)."""
    file, line, key = read
    site_file, site_line = (site[0], site[1]) if site[0] != file else (None, None)
    names = exported.exported()
    producer_stacks = tuple(sorted({str(r.target_id) for r in refs}))
    consumer_stacks = tuple(sorted({f"{r.project}/{r.stack}" for r in refs}))
    listed = tuple(sorted(names))
    if not exported.complete:
        return Finding(
            Severity.INFO, FindingKind.OPEN, key, file, line, producer, producer_stacks, consumer_stacks, listed,
            why_open=exported.open, site_file=site_file, site_line=site_line,
        )  # fmt: skip
    return Finding(
        Severity.ERROR, FindingKind.MISSING, key, file, line, producer, producer_stacks, consumer_stacks, listed,
        suggestion=suggest(key, names), site_file=site_file, site_line=site_line,
    )  # fmt: skip


def read_line(lines: Sequence[str], key: str, site: int) -> int | None:
    """The line that reads output `key`: the one line, at or after the StackReference's line `site`, that
    holds the key as a quoted string (`getOutput("k")`, `outputs["k"]`) or a YAML `.outputs.k`; None when
    no line or several do, or the one line holds it after a `#` or `//` (a comment, or a text too unusual to be
    sure of): the site then stands for the read."""
    quoted = re.compile(rf"""(["'`]){re.escape(key)}\1|\.outputs\.{re.escape(key)}\b""")
    hits = [(i, m) for i, text in enumerate(lines, 1) if key in text and (m := quoted.search(text))]
    if len(hits) != 1 or hits[0][0] < site:
        return None
    line, match = hits[0]
    before = match.string[: match.start()]
    return None if "#" in before or "//" in before else line  # a comment names the key: it reads nothing


def suggest(key: str, names: Iterable[str]) -> str | None:
    """The export `key` most likely meant: the same letters in another case, else the closest (difflib)."""
    ordered = sorted(names)
    same = [n for n in ordered if n.lower() == key.lower()]
    if same:
        return same[0]
    close = difflib.get_close_matches(key, ordered, n=1, cutoff=0.6)
    return close[0] if close else None


def _unused(repo: Repo, consumers: frozenset[StackId] | None, skip: frozenset[str]) -> list[Finding]:
    """An info per export of a (selected) project that no reference of the repository reads."""
    stacks = repo.stack_by_id()
    read: dict[str, set[str]] = defaultdict(set)
    unknown_reads: set[str] = set()  # keys read by references whose target is not known
    read_all: set[str] = set()  # producers read by a reference whose reads cannot all be read
    for ref in repo.references:
        if ref.resolved and ref.target_id in stacks:
            read[stacks[ref.target_id].project_path].update(ref.outputs)
            if ref.reads_open:
                read_all.add(stacks[ref.target_id].project_path)
        elif not ref.resolved:
            unknown_reads.update(ref.outputs)
    chosen = None if consumers is None else {stacks[s].project_path for s in consumers if s in stacks}
    names = {p.path: p.name for p in repo.projects}
    out = []
    for exported in repo.exports:
        path = exported.project_path
        if (chosen is not None and path not in chosen) or path in read_all:
            continue
        seen: set[str] = set()
        for e in exported.names:  # sorted by name, file, line: the first place each name is exported
            if e.name in seen:
                continue
            seen.add(e.name)
            if e.name in read[path] or e.name in unknown_reads or _ignored(skip, names.get(path, path), e.name):
                continue
            out.append(Finding(Severity.INFO, FindingKind.UNUSED, e.name, e.file, e.line, names.get(path, path)))
    return out
