"""The TypeScript source tsc builds a Node.js entry module from (`main: dist/index.js`, dist/ its `outDir`).

tsc writes each input file `R/<rel>.ts` (or `.tsx`; `.mts` and `.cts`; `.js`, `.mjs`, `.cjs` with `allowJs`) to
`O/<rel>.js` (`.mjs`, `.cjs`), where O is `compilerOptions.outDir` and R `rootDir`, by default the common folder of
the input files: those `files` and `include` name under the tsconfig's folder (every source there by default), less
those `exclude` names (by default node_modules, bower_components, jspm_packages and the outDir). A built entry is
mapped back by that rule only, by the tsconfig the program is compiled with (its tsconfig.json, or the one
`runtime.options.tsconfig` names), to an input file the scan reads; anything else (no outDir, an `extends` of a package,
a bundler) maps to nothing, and the entry stays unread (said by reach.unread_entry).
"""

from __future__ import annotations

import posixpath
import re

from stackgraph.inference.tsconfig import Read, TsLayout, ts_layout

SOURCES = {".js": (".ts", ".tsx"), ".mjs": (".mts",), ".cjs": (".cts",)}
"""The output extension -> the extensions of the sources tsc writes it from."""
JS = {".js": (".js", ".jsx"), ".mjs": (".mjs",), ".cjs": (".cjs",)}
"""And with `allowJs`."""
DECLARATIONS = (".d.ts", ".d.mts", ".d.cts")
DEFAULT_EXCLUDE = ("node_modules", "bower_components", "jspm_packages")


def built_source(read: Read, config: str, files: list[str], built: str) -> tuple[str, TsLayout] | None:
    """The input file tsc writes `built` (a path relative to the root) from, by the tsconfig at `config` (the
    project's: tsconfig.py `program_tsconfig`), and that layout; None when tsc does not write it there or the source
    is not read."""
    layout = ts_layout(read, config)
    if layout is None or layout.out_dir is None or not _under(built, layout.out_dir):
        return None
    rel, ext = posixpath.splitext(posixpath.relpath(built, layout.out_dir))
    inputs = ts_inputs(layout, files)
    here = posixpath.dirname(layout.config)
    beyond = [p for p in (*(layout.files or ()), *(layout.include or ())) if not _under(p, here) and p != (here or ".")]
    root = layout.root_dir or (None if beyond else _common(inputs))  # inputs outside the folder: not all known
    if root is None:
        return None
    exts = SOURCES.get(ext, ()) + (JS.get(ext, ()) if layout.allow_js else ())
    for e in exts:
        source = posixpath.normpath(posixpath.join(root, rel + e))
        if source in inputs:
            return source, layout
    return None


def ts_inputs(layout: TsLayout, files: list[str]) -> set[str]:
    """The files of `files` tsc compiles by `layout` (the whole set is an approximation only where a glob names
    folders outside the tsconfig's: such files are not among those the scan gives)."""
    folder = posixpath.dirname(layout.config)
    exts = tuple(e for group in (SOURCES, JS if layout.allow_js else {}) for es in group.values() for e in es)
    found = [f for f in files if f.endswith(exts) and not f.endswith(DECLARATIONS)]
    named = set(layout.files or ()) & set(found)
    include = layout.include if layout.include is not None else (() if layout.files is not None else (folder or ".",))
    exclude = layout.exclude
    if exclude is None:
        exclude = tuple(posixpath.join(folder, d) for d in DEFAULT_EXCLUDE) + (
            (layout.out_dir,) if layout.out_dir else ()
        )
    included = [_glob(p) for p in include]
    excluded = [_glob(p) for p in exclude]
    picked = {f for f in found if any(g.fullmatch(f) for g in included) and not any(g.fullmatch(f) for g in excluded)}
    return named | picked


def _glob(pattern: str) -> re.Pattern[str]:
    """A tsconfig `include` / `exclude` pattern (relative to the root) as a regex of the paths it names: `*` and `?`
    within a segment, `**/` any folders; a pattern naming a folder names everything under it."""
    if pattern == ".":
        return re.compile(".*")
    parts = pattern.split("/")
    out = []
    for k, seg in enumerate(parts):
        last = k == len(parts) - 1
        if seg == "**":
            out.append(".*" if last else "(?:[^/]+/)*")
            continue
        body = "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in seg)
        out.append(body + ("" if last else "/"))
    return re.compile("".join(out) + "(?:/.*)?")


def _common(inputs: set[str]) -> str | None:
    """The longest common folder of the input files (tsc's default rootDir); None without any."""
    if not inputs:
        return None
    split = [posixpath.dirname(f).split("/") if posixpath.dirname(f) else [] for f in sorted(inputs)]
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return "/".join(common) or "."


def _under(path: str, folder: str) -> bool:
    return folder in ("", ".") or path.startswith(folder.rstrip("/") + "/")
