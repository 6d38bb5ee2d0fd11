"""Which Go files `go build` compiles for linux/amd64: a package is the .go files of its folder but those the go
tool ignores (a name starting with `_` or `.`, test files: sources.py) and those its build constraints leave out.

Go's rules (go/build `goodOSArchFile` and `shouldBuild`, cmd/go `help buildconstraint`):
- a file name `*_GOOS.go`, `*_GOARCH.go` or `*_GOOS_GOARCH.go` (a known GOOS or GOARCH, after `_test`) is built
  only for that system (`refs_windows.go`, `net_arm64.go`); the part before the first `_` never counts (`linux.go`);
- a `//go:build expr` line among the comments above the package clause (`&&`, `||`, `!`, parentheses), else the
  `// +build` lines of the comment block before the last blank line above it (space: or, comma: and; lines: and).
For a plain `go build` on linux/amd64 (what `pulumi up` runs there) the tags set are linux, amd64, unix, gc and
the release tags go1.1 to go1.26; any other tag is not set (`ignore`, `windows`, a custom `integration`), except
`cgo` and `goexperiment.*`, which depend on the machine: a constraint that turns on them is undecided and the file
is kept (a reference in it counts, as under an `if` that cannot be decided). Pure.
"""

from __future__ import annotations

import posixpath
import re


def _words(text: str) -> frozenset[str]:
    """The names of a space-separated list (go/build's knownOS and knownArch)."""
    return frozenset(text.split())


KNOWN_OS = _words(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows"
    " zos"
)
KNOWN_ARCH = _words(
    "386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64"
    " ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm"
)
TARGET = "linux/amd64"
SET = frozenset({"linux", "amd64", "unix", "gc"})
LATEST_RELEASE = 26
"""The newest `go1.N` release tag known to be set (Go 1.26); a newer one is undecided."""
_TOKEN = re.compile(r"\s*(\|\||&&|!|\(|\)|[^\s|&!()]+)")


def unbuilt(file: str, text: str) -> str | None:
    """Why `go build` for linux/amd64 leaves the Go file `file` (with `text`) out of its package, or None."""
    name = posixpath.basename(file)
    if name.startswith(("_", ".")):
        return f"the go tool ignores a file whose name starts with '{name[0]}'"
    system = _file_system(name)
    if system is not None:
        return f"its name builds it for {system} only, not {TARGET}"
    line, plus = _header(text)
    if line is not None:
        kept = _evaluate(line[len("//go:build") :])
        return None if kept is not False else f"`{line}` leaves it out of the build for {TARGET}"
    for written in plus:
        if _plus_build(written[len("// +build") :].split()) is False:
            return f"`{written}` leaves it out of the build for {TARGET}"
    return None


def _file_system(name: str) -> str | None:
    """The GOOS/GOARCH a file name limits the file to, when it is not linux/amd64 (go/build goodOSArchFile)."""
    stem = name.split(".", 1)[0]
    if "_" not in stem:
        return None
    parts = stem[stem.index("_") :].split("_")
    if parts and parts[-1] == "test":
        parts = parts[:-1]
    if len(parts) >= 2 and parts[-2] in KNOWN_OS and parts[-1] in KNOWN_ARCH:
        wanted = parts[-2:]
    elif parts and (parts[-1] in KNOWN_OS or parts[-1] in KNOWN_ARCH):
        wanted = parts[-1:]
    else:
        return None
    return None if all(_tag(w) is True for w in wanted) else "/".join(wanted)


def _header(text: str) -> tuple[str | None, list[str]]:
    """The `//go:build` line of a file's header (None: none) and its `// +build` lines (go/build parseFileHeader:
    the comments above the package clause; `+build` lines only in the part before the last blank line)."""
    go_build: str | None = None
    plus: list[str] = []
    pending: list[str] = []
    in_block = False
    for raw in text.splitlines():
        line = raw.strip()
        if in_block:
            if "*/" in line:
                in_block = False
                line = line.split("*/", 1)[1].strip()
                if line and not line.startswith("//"):
                    break
            continue
        if not line:
            plus += pending
            pending = []
            continue
        if line.startswith("/*"):
            in_block = "*/" not in line[2:]
            continue
        if not line.startswith("//"):
            break
        if go_build is None and re.match(r"//go:build(\s|$)", line):
            go_build = line
        elif re.match(r"//\s*\+build(\s|$)", line):
            pending.append("// +build" + line.split("+build", 1)[1])
    return go_build, plus


def _tag(name: str) -> bool | None:
    """Whether a build tag is set for linux/amd64 (None: it depends on the machine)."""
    if name in SET:
        return True
    release = re.fullmatch(r"go1\.(\d+)", name)
    if release:
        return True if int(release.group(1)) <= LATEST_RELEASE else None
    if name == "cgo" or name.startswith("goexperiment."):
        return None
    return False


def _evaluate(expr: str) -> bool | None:
    """The value of a `//go:build` expression for linux/amd64 (None: undecided, or not read)."""
    tokens = [t for t in _TOKEN.findall(expr) if t]
    parser = _Parser(tokens)
    try:
        value = parser.or_expr()
    except IndexError:
        return None
    return value if parser.at == len(tokens) else None


class _Parser:
    """A recursive-descent reading of the `//go:build` grammar with three-valued logic (None: undecided)."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0

    def or_expr(self) -> bool | None:
        value = self.and_expr()
        while self.at < len(self.tokens) and self.tokens[self.at] == "||":
            self.at += 1
            right = self.and_expr()
            value = True if True in (value, right) else (None if None in (value, right) else False)
        return value

    def and_expr(self) -> bool | None:
        value = self.unary()
        while self.at < len(self.tokens) and self.tokens[self.at] == "&&":
            self.at += 1
            right = self.unary()
            value = False if False in (value, right) else (None if None in (value, right) else True)
        return value

    def unary(self) -> bool | None:
        token = self.tokens[self.at]
        self.at += 1
        if token == "!":
            inner = self.unary()
            return None if inner is None else not inner
        if token == "(":
            value = self.or_expr()
            if self.tokens[self.at] != ")":
                raise IndexError(self.at)
            self.at += 1
            return value
        if token in ("||", "&&", ")"):
            raise IndexError(self.at)
        return _tag(token)


def _plus_build(options: list[str]) -> bool | None:
    """The value of one `// +build` line: space-separated options or'ed, each a comma-separated `and` of (negated)
    tags."""
    if not options:
        return None
    values = []
    for option in options:
        terms = []
        for term in option.split(","):
            negated = term.startswith("!")
            value = _tag(term.lstrip("!")) if term.lstrip("!") else None
            terms.append(None if value is None else value != negated)
        values.append(False if False in terms else (None if None in terms else True))
    return True if True in values else (None if None in values else False)
