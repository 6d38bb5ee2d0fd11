"""The command group of the CLI: usage errors in stackgraph's own style, and shell completion.

click prints its usage errors ("No such option", "Missing argument", a bad choice...) as a
usage block and `Error: ...`; `StackgraphGroup.main` prints them as every other error is
printed, one line `stackgraph: error: <what>; see 'stackgraph CMD --help'`, exit 2 (and the
JSON error object on stdout when the command line asks for `-f json`). Shell completion
(`--install-completion`, `--show-completion`, and the completion requests the installed
script sends) loads its modules only when asked (cli/completion.py), so start-up stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping, Sequence
from typing import Any

import typer
from typer.core import TyperGroup

try:
    from typer._click import exceptions as click_errors
except ImportError:  # typer before 0.28 uses click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]  # same classes, older typer

from stackgraph.cli.common import COMPLETE_VAR, eprint, json_error


class StackgraphGroup(TyperGroup):
    """The `stackgraph` group: one error style for usage errors; completion options added at build."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(completion_options())

    def main(  # type: ignore[override]  # the same call, with click's keyword defaults
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the CLI; a usage error is one `stackgraph: error:` line and exit 2."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            if len(argv) == 2 and argv[0] in COMPLETION_OPTIONS:  # the option with its SHELL
                _completion(None, argv[0], argv[1])
            result = super().main(argv, prog_name, complete_var, False, **extra)
        except click_errors.NoArgsIsHelpError as exc:  # `stackgraph` alone: the help, as before
            exc.show()
            sys.exit(exc.exit_code)
        except click_errors.ClickException as exc:
            usage_error(exc, argv)
            sys.exit(exc.exit_code)
        except typer.Abort:
            eprint("stackgraph: aborted")
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def _main_shell_completion(
        self, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str | None = None
    ) -> None:
        """Answer a completion request of the installed script (only then are completion modules loaded)."""
        if os.environ.get(complete_var or COMPLETE_VAR):
            from stackgraph.cli.completion import prepare

            prepare()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


def usage_error(exc: Any, argv: Sequence[str]) -> None:
    """Print a click error as one `stackgraph: error:` line (and as JSON on stdout under `-f json`)."""
    message = _message(exc)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        message += f"; see '{ctx.command_path} --help'"
    eprint(f"stackgraph: error: {message}")
    if wants_json(argv):
        json_error(message, None, None, exc.exit_code)


def _message(exc: Any) -> str:
    """click's message on one line, starting in lower case, without its final period."""
    possible = getattr(exc, "possibilities", None)
    text = exc.message if possible else exc.format_message()
    text = " ".join(str(text).split()).rstrip(".")
    if possible:
        text += f" (did you mean {' or '.join(sorted(possible))}?)"
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def wants_json(argv: Sequence[str]) -> bool:
    """Whether the command line asks for `-f json` / `--format json` / `--format=json` (before any `--`)."""
    words = list(argv[: argv.index("--")] if "--" in argv else argv)
    for i, word in enumerate(words):
        if word in ("-f", "--format") and i + 1 < len(words) and words[i + 1] == "json":
            return True
        if word in ("-fjson", "--format=json"):
            return True
    return False


def completion_options() -> list[Any]:
    """`--install-completion [SHELL]` and `--show-completion [SHELL]` as the help lists them.

    A shell named after them is read by `StackgraphGroup.main` (click has no option with an optional
    value); without one, these flags' callbacks detect the shell.
    """
    from typer.core import TyperOption

    def flag(name: str, callback: Any, text: str) -> Any:
        return TyperOption(
            param_decls=[name], is_flag=True, expose_value=False, is_eager=True, callback=callback, help=text
        )

    return [
        flag(
            "--install-completion",
            _on_flag,
            "Install completion of commands, options, stack ids and selectors for the current shell, or for "
            "the SHELL named after it (bash, zsh or fish).",
        ),
        flag(
            "--show-completion",
            _on_flag,
            "Print the completion script of the current shell (or of SHELL: bash, zsh, fish), to install it by hand.",
        ),
    ]


COMPLETION_OPTIONS = ("--install-completion", "--show-completion")


def _on_flag(ctx: Any, param: Any, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        _completion(ctx, param.opts[0], "")


def _completion(ctx: Any, option: str, shell: str) -> None:
    """Print or install the completion script of `shell` (detected when empty); exit 0."""
    from stackgraph.cli.completion import SHELLS, detect_shell, install_script, show_script

    shell = shell or detect_shell() or ""
    if not shell:
        raise click_errors.UsageError(f"{option}: cannot tell which shell runs stackgraph; name it: {option} bash", ctx)
    if shell not in SHELLS:
        raise click_errors.UsageError(f"{option} {shell}: choose one of {', '.join(SHELLS)}", ctx)
    if option == "--show-completion":
        print(show_script(shell))
    else:
        try:
            path = install_script(shell)
        except OSError as exc:  # named here: an unnamed write error reaching cli/main.py is read as stdout's
            where = exc.filename or f"the {shell} completion script"
            raise click_errors.UsageError(
                f"{option} {shell}: cannot write {where}: {exc.strerror or exc}", ctx
            ) from None
        eprint(f"stackgraph: {shell} completion installed in {path}; it works in shells started from now on")
    sys.exit(0)
