"""The optional repository settings file, `stackgraph.yaml` at the scanned root.

```yaml
org: acme                    # the Pulumi organization of this repository's stacks (optional)
exclude: ["sandbox/**"]      # folders (globs, relative to the root) that hold no project of ours
watch:                       # files outside any project, and the stacks they affect when they change
  "lib/shared/**": ["project:api", "project:web"]
contracts:
  ignore: ["networking:vpcId", "legacy:*"]   # PROJECT:OUTPUT reads `stackgraph check` does not report
silence: [not-imported]      # warning codes no command prints (scan still lists them in its output)
pools:                       # stacks that share a limit: at most `limit` of them run at a time (up, preview, ...)
  aws-prod: {limit: 2, stacks: ["stack:prod"]}
```

Every problem is an `InputError` naming the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stackgraph import yamlio
from stackgraph.errors import InputError
from stackgraph.model import Declared, DiagnosticCode

SETTINGS_FILES = ("stackgraph.yaml", ".stackgraph.yaml")
KNOWN_KEYS = frozenset({"org", "exclude", "watch", "contracts", "silence", "pools"})
POOL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
SKIPPED_CODE = "skipped"
"""The code of the one warning line that counts the files a scan skipped (silenceable like a diagnostic's)."""


@dataclass(frozen=True)
class Pool:
    """`pools.<name>`: the stacks the selectors `stacks` match run at most `limit` at a time, in one run (a cloud
    account whose API quota several stacks share, a database that takes one migration at a time)."""

    name: str
    limit: int
    stacks: tuple[str, ...]
    lines: tuple[int | None, ...] = ()  # the line of each selector (or of the pool), for messages


@dataclass(frozen=True)
class Settings:
    """What `stackgraph.yaml` says; defaults when there is none."""

    file: str | None = None
    org: str | None = None
    exclude: tuple[str, ...] = ()
    watch: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=tuple)
    contracts_ignore: tuple[Declared, ...] = ()  # `contracts.ignore`: "PROJECT:OUTPUT" (OUTPUT may be `*`)
    exclude_lines: tuple[int | None, ...] = ()  # the line of each `exclude` entry, for messages
    watch_lines: tuple[tuple[int | None, ...], ...] = ()  # per `watch` glob: its line, then its selectors' lines
    silence: frozenset[str] = frozenset()  # warning codes not printed (DiagnosticCode values, SKIPPED_CODE)
    pools: tuple[Pool, ...] = ()  # sorted by name

    def watch_line(self, pattern: str, selector: int | None = None) -> int | None:
        """The line of a `watch` glob, or of its `selector`-th selector (None: not known)."""
        for (p, _), lines in zip(self.watch, self.watch_lines, strict=False):
            if p == pattern:
                return lines[0] if selector is None else (lines[1:] + (None,) * (selector + 1))[selector] or lines[0]
        return None


def load_settings(root: Path) -> Settings:
    """Read the settings file of `root`, if there is one."""
    for name in SETTINGS_FILES:
        path = root / name
        if path.is_file():
            return _parse(yamlio.load(path, name), name)
    return Settings()


def _parse(doc: yamlio.YamlDoc, rel: str) -> Settings:
    if doc.rest is not None:  # nothing of ours may be ignored: a second document is refused, not skipped
        raise InputError(
            "a second YAML document; stackgraph reads one: merge it into the first", file=rel, line=doc.rest
        )
    data: Any = doc.data or {}
    if not isinstance(data, dict):
        raise InputError("the settings file must be a mapping; see the README for its keys", file=rel)
    unknown = sorted(set(map(str, data)) - KNOWN_KEYS)
    if unknown:
        raise InputError(
            f"unknown key '{unknown[0]}'; the keys are {', '.join(sorted(KNOWN_KEYS))}",
            file=rel,
            line=doc.line_of(unknown[0]),
        )
    org = data.get("org")
    if org is not None and not isinstance(org, str):
        raise InputError("'org' must be a string", file=rel, line=doc.line_of("org"))
    exclude = data.get("exclude") or []
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        raise InputError("'exclude' must be a list of folder globs", file=rel, line=doc.line_of("exclude"))
    watch = data.get("watch") or {}
    if not isinstance(watch, dict):
        raise InputError("'watch' must map file globs to lists of selectors", file=rel, line=doc.line_of("watch"))
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for pattern, selectors in sorted(watch.items(), key=lambda kv: str(kv[0])):
        if isinstance(selectors, str):
            selectors = [selectors]
        if not isinstance(selectors, list) or not all(isinstance(s, str) for s in selectors):
            raise InputError(
                f"'watch.{pattern}' must be a list of selectors like `project:api`",
                file=rel,
                line=doc.line_of("watch", str(pattern)),
            )
        pairs.append((str(pattern), tuple(selectors)))
    ignore = _contracts_ignore(doc, data.get("contracts"), rel)
    return Settings(
        file=rel,
        org=org,
        exclude=tuple(exclude),
        watch=tuple(pairs),
        contracts_ignore=ignore,
        silence=_silence(data.get("silence"), doc, rel),
        pools=_pools(data.get("pools"), doc, rel),
        exclude_lines=tuple(doc.line_of("exclude", i) for i in range(len(exclude))),
        watch_lines=tuple(
            (
                doc.line_of_key("watch", p),
                *(doc.line_of("watch", p, i) or doc.line_of("watch", p) for i in range(len(s))),
            )
            for p, s in pairs
        ),
    )


def _contracts_ignore(doc: yamlio.YamlDoc, contracts: Any, rel: str) -> tuple[Declared, ...]:
    """`contracts: {ignore: ["project:output", ...]}`, each entry with its line."""
    if contracts is None:
        return ()
    if not isinstance(contracts, dict) or set(map(str, contracts)) - {"ignore"}:
        raise InputError(
            "'contracts' must be a mapping with the one key 'ignore'", file=rel, line=doc.line_of("contracts")
        )
    items = contracts.get("ignore") or []
    out = []
    for i, item in enumerate(items if isinstance(items, list) else [items]):
        project, _, output = item.partition(":") if isinstance(item, str) else ("", "", "")
        if not isinstance(items, list) or not project.strip() or not output.strip():
            raise InputError(
                f"'contracts.ignore' entries are `PROJECT:OUTPUT` (OUTPUT may be *), not {item!r}",
                file=rel,
                line=doc.line_of("contracts", "ignore", i) or doc.line_of("contracts", "ignore"),
            )
        out.append(Declared(f"{project.strip()}:{output.strip()}", rel, doc.line_of("contracts", "ignore", i)))
    return tuple(out)


def _silence(value: Any, doc: yamlio.YamlDoc, rel: str) -> frozenset[str]:
    """The warning codes of `silence:`; raises InputError on the line of a code that does not exist."""
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise InputError(
            "'silence' must be a list of warning codes, e.g. [not-imported]", file=rel, line=doc.line_of("silence")
        )
    known = sorted({c.value for c in DiagnosticCode} | {SKIPPED_CODE})
    for i, code in enumerate(value):
        if code not in known:
            raise InputError(
                f"'silence': unknown warning code '{code}'; the codes are {', '.join(known)}",
                file=rel,
                line=doc.line_of("silence", i),
            )
    return frozenset(value)


_POOL_FORM = '{limit: N, stacks: ["SELECTOR", ...]}'


def _pools(value: Any, doc: yamlio.YamlDoc, rel: str) -> tuple[Pool, ...]:
    """`pools: {NAME: {limit: N, stacks: [selectors]}}`; raises InputError on the line of what is wrong (the
    selectors themselves are parsed by graph/select.py, check_pool_selectors)."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise InputError(f"'pools' must map pool names to {_POOL_FORM}", file=rel, line=doc.line_of("pools"))
    out = []
    for name, body in sorted(value.items(), key=lambda kv: str(kv[0])):
        name = str(name)
        at = doc.line_of("pools", name) or doc.line_of_key("pools", name)
        if not POOL_NAME.match(name):
            raise InputError(
                f"pool name '{name}': use letters, digits, '.', '_' and '-' (a letter or digit first)",
                file=rel,
                line=doc.line_of_key("pools", name) or at,
            )
        if not isinstance(body, dict) or set(map(str, body)) != {"limit", "stacks"}:
            raise InputError(f"'pools.{name}' must be {_POOL_FORM}", file=rel, line=at)
        limit = body["limit"]
        if type(limit) is not int or limit < 1:
            raise InputError(
                f"'pools.{name}.limit' must be a whole number of stacks, 1 or more, not {limit!r}",
                file=rel,
                line=doc.line_of("pools", name, "limit") or at,
            )
        stacks = [body["stacks"]] if isinstance(body["stacks"], str) else body["stacks"]
        if not isinstance(stacks, list) or not stacks or not all(isinstance(s, str) and s.strip() for s in stacks):
            raise InputError(
                f"'pools.{name}.stacks' must be a list of selectors like `stack:prod` or `tag:aws`",
                file=rel,
                line=doc.line_of("pools", name, "stacks") or at,
            )
        lines = tuple(
            doc.line_of("pools", name, "stacks", i) or doc.line_of("pools", name, "stacks") for i in range(len(stacks))
        )
        out.append(Pool(name, limit, tuple(stacks), lines))
    return tuple(out)
