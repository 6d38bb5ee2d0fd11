"""Shell completion (bash, zsh, fish): the scripts, their installation, and the values they complete.

Loaded only when a completion is asked for (cli/usage.py): `stackgraph --help` never pays for it.
Values come from the repository named on the command line (its PATH argument, else the current
folder, whose repository root is found as every command finds it): stack ids, stack names (`--env`)
and selection atoms (`--select`, `--exclude`: `project:NAME`, `stack:NAME`, `tag:NAME`, `path:DIR`, ids,
behind the operators `+`, `N+`, `@` and after a `,`). The scan reads the cache every command keeps,
so a completion in an unchanged repository parses nothing. A folder that cannot be scanned completes
nothing; it never prints an error into the user's command line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackgraph.cli.common import COMPLETE_VAR
from stackgraph.errors import StackgraphError

if TYPE_CHECKING:
    from stackgraph.model import Repo

SHELLS = ("bash", "zsh", "fish")
KINDS = ("project:", "stack:", "tag:", "path:")
_OPERATOR = re.compile(r"^(?:@|\d*\+)?")


def prepare() -> None:
    """Register the completion classes of typer's scripts, with bash's words split at `:` joined again."""
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import completion_init

    completion_init()
    add_completion_class(_bash_class(), "bash")


def _bash_class() -> type:
    """typer's bash completion, reading `project : api` (bash splits words at `:`) as `project:api`."""
    import os

    from typer._click.shell_completion import split_arg_string
    from typer._completion_classes import BashComplete

    class ColonBashComplete(BashComplete):
        def get_completion_args(self) -> tuple[list[str], str]:
            words = split_arg_string(os.environ["COMP_WORDS"])
            cword = int(os.environ["COMP_CWORD"])
            joined = join_colons([*words[1:cword], words[cword] if cword < len(words) else ""])
            self.colon_prefix = joined[-1].rpartition(":")[0] + ":" if ":" in joined[-1] else ""
            return joined[:-1], joined[-1]

        def format_completion(self, item: Any) -> str:
            prefix = getattr(self, "colon_prefix", "")
            value = str(item.value)
            return value[len(prefix) :] if prefix and value.startswith(prefix) else value

    return ColonBashComplete


def join_colons(words: list[str]) -> list[str]:
    """Join the words bash split at `:` (`project`, `:`, `api`) back into one (`project:api`)."""
    out: list[str] = []
    glue = False
    for word in words:
        if word == ":" and out:
            out[-1] += ":"
            glue = True
        elif glue and out:
            out[-1] += word
            glue = False
        else:
            out.append(word)
    return out


def show_script(shell: str) -> str:
    """The completion script of `shell` for the `stackgraph` command."""
    from typer._completion_shared import get_completion_script

    return str(get_completion_script(prog_name="stackgraph", complete_var=COMPLETE_VAR, shell=shell))


def install_script(shell: str) -> Path:
    """Install the completion script of `shell` where that shell reads it; return the file written."""
    from typer._completion_shared import install

    _shell, path = install(shell=shell, prog_name="stackgraph", complete_var=COMPLETE_VAR)
    return Path(path)


def detect_shell() -> str | None:
    """The shell this process runs under, when it is one stackgraph completes (bash, zsh, fish)."""
    try:
        import shellingham  # type: ignore[import-untyped]  # no type information; typer's dependency

        name, _path = shellingham.detect_shell()
    except (ImportError, RuntimeError):  # shellingham.ShellDetectionFailure is a RuntimeError
        return None
    return str(name) if name in SHELLS else None


def _repo(ctx: Any) -> Repo | None:
    """The repository of the command line being completed (its PATH, else the current folder); None if unreadable."""
    from stackgraph.discovery.rootfind import locate
    from stackgraph.discovery.scan import scan

    path = ctx.params.get("path") if ctx is not None else None
    folder = Path(path) if path else Path()
    try:
        if not folder.is_dir():
            return None
        return scan(locate(folder).root)
    except (StackgraphError, OSError):  # a folder that cannot be scanned completes nothing
        return None


def stack_ids(ctx: Any, incomplete: str) -> list[str]:
    """The stack ids of the repository that start with `incomplete`."""
    repo = _repo(ctx)
    ids = sorted(s.id for s in repo.stacks) if repo is not None else []
    return [i for i in ids if i.startswith(incomplete)]


def stack_names(ctx: Any, incomplete: str) -> list[str]:
    """The stack names (environments) of the repository that start with `incomplete`."""
    repo = _repo(ctx)
    names = sorted({s.name for s in repo.stacks}) if repo is not None else []
    return [n for n in names if n.startswith(incomplete)]


def selectors(ctx: Any, incomplete: str) -> list[str]:
    """Selection expressions that continue `incomplete`: atoms of the repository behind its operators and commas."""
    repo = _repo(ctx)
    if repo is None:
        return []
    head, comma, part = incomplete.rpartition(",")
    operator = _OPERATOR.match(part)
    op = operator.group(0) if operator else ""
    before = f"{head}{comma}{op}"
    return [before + atom for atom in atoms(repo, part[len(op) :])]


def atoms(repo: Repo, typed: str) -> list[str]:
    """The atoms of `repo` that start with `typed`: kind prefixes and ids, or the values of the kind typed."""
    values = {
        "project:": {p.name for p in repo.projects},
        "stack:": {s.name for s in repo.stacks},
        "tag:": {t for s in repo.stacks for t in (s.tags or ())} | {t for p in repo.projects for t in p.tags},
        "path:": {p.path for p in repo.projects if p.path != "."},
    }
    for kind, names in values.items():
        if typed.startswith(kind):
            return [kind + n for n in sorted(names) if (kind + n).startswith(typed)]
    found = [k for k in KINDS if k.startswith(typed)]
    return found + sorted(s.id for s in repo.stacks if s.id.startswith(typed))
