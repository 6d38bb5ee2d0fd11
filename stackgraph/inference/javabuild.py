"""Read the build files of a Java program to find the other modules of its build whose sources it compiles.

Maven: the program's pom.xml depends on an artifact (`groupId:artifactId`) that a pom.xml of the repository
declares (a sibling module of a parent pom's `<modules>`, or any module of the repository): that module's
`src/main/java` (or its `<sourceDirectory>`) is read, and its own dependencies in turn. Gradle: the nearest
`settings.gradle(.kts)` at or above the project maps `include(':shared')` to folders (`projectDir = file(..)`
too); `project(':shared')` (or `projects.shared`) in a build file of the project is such a module.

Nothing is guessed: a dependency that names a module the repository does not hold (a `project(':x')` that no
settings file includes, a folder that is missing, an artifact of the project's own group that no pom.xml of
the repository declares, but for Pulumi's own com.pulumi) is returned as `Unfollowed`, with the build file, its
line and why. Every file is read through `read` (recorded for the result cache); nothing here raises.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from stackgraph.inference.projectfiles import Read

MAX_MODULES = 50
"""Modules followed from one program, at most (a bound, not a limit met in practice)."""
SETTINGS = ("settings.gradle", "settings.gradle.kts")
BUILDS = ("build.gradle", "build.gradle.kts")
PULUMI_GROUP = "com.pulumi"
"""The group of Pulumi's published Java SDK and providers (com.pulumi:pulumi, com.pulumi:aws), and the group Pulumi's
Java template gives every program (pulumi/templates java/pom.xml): a dependency of it comes from a registry even when
it is the build's own group."""


@dataclass(frozen=True)
class Unfollowed:
    """A dependency of a build file whose sources are not read: where it is written and why."""

    file: str
    line: int | None
    why: str
    certain: bool = True
    """False when the module may well come from a registry (an artifact of the build's own group): a note, not a
    warning."""


@dataclass(frozen=True)
class Pom:
    """What one pom.xml says: its coordinates, source folder and dependencies (group, artifact, version)."""

    folder: str
    group: str
    artifact: str
    version: str
    sources: str
    dependencies: tuple[tuple[str, str, str], ...] = ()


@dataclass
class JavaBuilds:
    """The Maven and Gradle builds of one repository (read once, for every Java project)."""

    read: Read
    tree: Mapping[str, list[str]]
    _poms: dict[tuple[str, str], list[Pom]] | None = None
    _texts: dict[str, str | None] = field(default_factory=dict)

    def modules(self, project_path: str) -> tuple[list[str], list[Unfollowed]]:
        """The Java source files of the modules the program at `project_path` depends on (outside its folder,
        transitively, sorted) and the dependencies that could not be followed."""
        folders: set[str] = set()
        problems: list[Unfollowed] = []
        self._maven(project_path, folders, problems)
        self._gradle(project_path, folders, problems)
        files = [f for folder in sorted(folders) for f in _java_under(folder, self.tree, project_path)]
        return sorted(set(files)), problems

    def _text(self, rel: str) -> str | None:
        if rel not in self._texts:
            self._texts[rel] = self.read(rel)
        return self._texts[rel]

    # --- Maven ---

    def _maven(self, project_path: str, out: set[str], problems: list[Unfollowed]) -> None:
        own = self._pom(_join(project_path, "pom.xml"))
        if own is None:
            return
        todo = [own]
        seen = {own.folder}
        while todo and len(seen) <= MAX_MODULES:
            pom = todo.pop()
            for group, artifact, version in pom.dependencies:
                found = self._artifact(pom, group, artifact, version, problems)
                if found is not None and found.folder not in seen:
                    seen.add(found.folder)
                    todo.append(found)
                    out.add(_join(found.folder, found.sources))

    def _artifact(self, pom: Pom, group: str, artifact: str, version: str, problems: list[Unfollowed]) -> Pom | None:
        """The module of the repository a dependency names (None: a registry artifact, or not followed)."""
        found = self._index().get((group, artifact), [])
        rel = _join(pom.folder, "pom.xml")
        text = self._text(rel) or ""
        at = _line_of(text, f"<artifactId>{artifact}</artifactId>", text.find("<dependencies>"))
        if not found:
            if group == pom.group and group != PULUMI_GROUP:
                why = (f"depends on {group}:{artifact}, the build's own group, but no pom.xml of the repository "
                       "declares it (taken from a registry): a StackReference in it is not read")  # fmt: skip
                problems.append(Unfollowed(rel, at, why, certain=False))
            return None
        if len(found) > 1:
            where = ", ".join(_join(p.folder, "pom.xml") for p in found)
            why = f"depends on {group}:{artifact}, which several pom.xml declare ({where}): not followed"
            problems.append(Unfollowed(rel, at, why))
            return None
        module = found[0]
        if _plain(version) and _plain(module.version) and version != module.version:
            why = (f"depends on {group}:{artifact} {version}, but the repository's module is {module.version} "
                   "(taken from a registry): a StackReference in it is not read")  # fmt: skip
            problems.append(Unfollowed(rel, at, why))
            return None
        return module

    def _index(self) -> dict[tuple[str, str], list[Pom]]:
        """Every pom.xml of the repository that builds a module, by its coordinates."""
        if self._poms is None:
            self._poms = {}
            for folder in sorted(self.tree):
                if "pom.xml" in self.tree[folder]:
                    pom = self._pom(_join(folder, "pom.xml"))
                    if pom is not None and pom.artifact:
                        self._poms.setdefault((pom.group, pom.artifact), []).append(pom)
        return self._poms

    def _pom(self, rel: str) -> Pom | None:
        text = self._text(rel)
        return parse_pom(text, posixpath.dirname(rel) or ".") if text is not None else None

    # --- Gradle ---

    def _gradle(self, project_path: str, out: set[str], problems: list[Unfollowed]) -> None:
        found = self._settings(project_path)
        if found is None:
            return
        settings, modules = found
        todo = list(self._build_files(project_path))
        seen: set[str] = {project_path}
        while todo and len(seen) <= MAX_MODULES:
            build = todo.pop()
            for path, at in gradle_dependencies(self._text(build) or "", modules):
                folder = modules.get(path)
                if folder is None:
                    why = f"depends on project '{path}', which {settings} does not include: not followed"
                    problems.append(Unfollowed(build, at, why))
                    continue
                if folder in seen or _within(folder, project_path):
                    continue
                seen.add(folder)
                if folder not in self.tree:
                    why = f"depends on project '{path}', whose folder {folder} is not in the repository: not followed"
                    problems.append(Unfollowed(build, at, why))
                    continue
                out.add(_join(folder, "src/main/java"))
                todo += [_join(folder, b) for b in BUILDS if b in self.tree.get(folder, [])]

    def _settings(self, project_path: str) -> tuple[str, dict[str, str]] | None:
        """The nearest settings.gradle(.kts) at or above the project, and its modules (path -> folder)."""
        folder = project_path
        while True:
            for name in SETTINGS:
                if name in self.tree.get(folder, []):
                    rel = _join(folder, name)
                    return rel, gradle_includes(self._text(rel) or "", folder)
            if folder in ("", "."):
                return None
            folder = posixpath.dirname(folder) or "."

    def _build_files(self, project_path: str) -> Iterator[str]:
        """The Gradle build files of the project's own folder and of the folders inside it."""
        for folder in sorted(self.tree):
            if _within(folder, project_path):
                parts = folder.split("/")
                if "build" not in parts and ".gradle" not in parts:
                    yield from (_join(folder, b) for b in BUILDS if b in self.tree[folder])


def parse_pom(text: str, folder: str) -> Pom | None:
    """The coordinates, source folder and (non-test) dependencies of a pom.xml; None when it is no XML we read
    (a DOCTYPE or entity declaration is never read)."""
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        return None
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return None
    for el in root.iter():  # drop the POM namespace
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    parent = root.find("parent")
    group = _child(root, "groupId") or (_child(parent, "groupId") if parent is not None else "")
    version = _child(root, "version") or (_child(parent, "version") if parent is not None else "")
    props = {"project.groupId": group, "pom.groupId": group, "project.version": version, "pom.version": version}
    deps = []
    for dep in root.findall("./dependencies/dependency"):
        if _child(dep, "scope") in ("test", "import"):
            continue
        dgroup = _expand(_child(dep, "groupId"), props)
        deps.append((dgroup, _expand(_child(dep, "artifactId"), props), _expand(_child(dep, "version"), props)))
    sources = _child(root.find("build"), "sourceDirectory") or "src/main/java"
    return Pom(folder, group, _child(root, "artifactId"), version, sources, tuple(deps))


def gradle_includes(text: str, root: str) -> dict[str, str]:
    """The modules a settings.gradle(.kts) in `root` includes (`include 'a', ':b:c'`, `include(":a")`), as
    Gradle paths (`:b:c`) -> folders relative to the repository root; `project(':a').projectDir = file('x')`
    moves one."""
    code = strip_comments(text)
    out: dict[str, str] = {}
    for m in re.finditer(r"\binclude\s*\(?((?:\s*['\"][^'\"\n]+['\"]\s*,?)+)", code):
        for name in re.findall(r"['\"]([^'\"\n]+)['\"]", m.group(1)):
            path = ":" + name.strip(":")
            folder = _inside(root, path.strip(":").replace(":", "/"))
            if folder is not None:
                out[path] = folder
    moved = r"project\s*\(\s*['\"]([^'\"]+)['\"]\s*\)\s*\.projectDir\s*=\s*(?:file|File)\s*\(\s*['\"]([^'\"]+)['\"]"
    for m in re.finditer(moved, code):
        path = ":" + m.group(1).strip(":")
        folder = _inside(root, m.group(2))
        if path in out and folder is not None:
            out[path] = folder
    return out


def gradle_dependencies(text: str, modules: Mapping[str, str]) -> Iterator[tuple[str, int]]:
    """The project paths a build file depends on, outside test configurations, with their lines:
    `implementation project(':shared')`, `api(project(path: ":x"))`, `implementation(projects.sharedLib)`."""
    accessors = {_accessor(path): path for path in modules}
    for number, raw in enumerate(strip_comments(text).splitlines(), start=1):
        line = raw.strip()
        if re.match(r"(test|androidTest)\w*\b", line):
            continue
        for m in re.finditer(r"\bproject\s*\(\s*(?:path\s*[:=]\s*)?['\"](:?[^'\"]*)['\"]", line):
            if m.group(1) not in ("", ":"):
                yield ":" + m.group(1).strip(":"), number
        for m in re.finditer(r"\bprojects((?:\.\w+)+)", line):
            key = m.group(1)
            yield accessors.get(key, ":" + key.strip(".").replace(".", ":")), number


def strip_comments(text: str) -> str:
    """Groovy/Kotlin source without `//` and `/* */` comments (strings kept, lines kept in place)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"":
            j = i + 1
            while j < n and text[j] not in (ch, "\n"):
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            i = text.find("\n", i) if text.find("\n", i) >= 0 else n
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            stop = end + 2 if end >= 0 else n
            out.append("\n" * text.count("\n", i, stop))
            i = stop
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _accessor(path: str) -> str:
    """Gradle's type-safe accessor of a project path: `:shared-lib:core` -> `.sharedLib.core`."""
    parts = path.strip(":").split(":")
    return "".join("." + re.sub(r"[-_](\w)", lambda m: m.group(1).upper(), p) for p in parts)


def _java_under(folder: str, tree: Mapping[str, list[str]], project_path: str) -> Iterator[str]:
    prefix = folder + "/"
    for where, names in tree.items():
        if (where == folder or where.startswith(prefix)) and not _within(where, project_path):
            yield from (_join(where, n) for n in names if n.endswith(".java"))


def _child(el: ET.Element | None, tag: str) -> str:
    found = el.find(tag) if el is not None else None
    return (found.text or "").strip() if found is not None else ""


def _expand(value: str, props: Mapping[str, str]) -> str:
    return re.sub(r"\$\{([\w.]+)\}", lambda m: props.get(m.group(1), m.group(0)), value)


def _plain(version: str) -> bool:
    return bool(version) and "${" not in version


def _line_of(text: str, needle: str, start: int = 0) -> int | None:
    at = text.find(needle, max(start, 0))
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _within(folder: str, project_path: str) -> bool:
    return project_path in ("", ".") or folder == project_path or folder.startswith(project_path + "/")


def _join(folder: str, name: str) -> str:
    return posixpath.normpath(name if folder in ("", ".") else posixpath.join(folder, name))


def _inside(folder: str, rel: str) -> str | None:
    """`rel` (a path written in a file of `folder`) relative to the root; None above the root or absolute."""
    if rel.startswith("/"):
        return None
    out = posixpath.normpath(posixpath.join("" if folder in ("", ".") else folder, rel))
    return None if out == ".." or out.startswith("../") else out


BUILD_FILES = ("pom.xml", *BUILDS)
CUSTOM_SOURCES = ("sourceSets", "srcDir", "sourceDirectory")


def uncompiled(rel: str, listed: frozenset[str], text: Callable[[str], str | None]) -> str | None:
    """Why no build of the project compiles the Java file `rel` (relative to the project folder), or None.

    The project's build (a pom.xml or build.gradle at its folder, with no source folder of its own choosing)
    compiles `src/main/java`; a `<folder>/src/main/java` inside the project whose folder holds no build file is
    then no module of it (a copy of the program for a later step, an example). Anything else is not decided here
    (None): no build file at the project's folder, a module with a build of its own, a custom source folder."""
    at = rel.find("/src/main/java/")
    builds = [b for b in BUILD_FILES if b in listed]
    if at <= 0 or not builds or any(w in (text(b) or "") for b in builds for w in CUSTOM_SOURCES):
        return None
    module = rel[:at]
    parts = module.split("/")
    if any("/".join([*parts[:i], b]) in listed for i in range(1, len(parts) + 1) for b in BUILD_FILES):
        return None
    return (
        f"{module}/src/main/java is not the project's source folder (src/main/java), and {module} holds no "
        "pom.xml or build.gradle"
    )
