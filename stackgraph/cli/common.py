"""The helpers every command shares: print a message, emit machine output.

Messages and progress go to stderr, one line each (`eprint`, also the `say` callback
the application layer gets); machine output goes to stdout or `-o FILE` (`emit`).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from stackgraph.errors import UsageError
from stackgraph.files import shown, shown_json

_STDERR_LOCK = threading.Lock()


def eprint(message: str) -> None:
    """Print one line to stderr, whole: threads that say things at once (stacks created in parallel) never
    mix their lines (print writes the text and the newline separately)."""
    with _STDERR_LOCK:
        sys.stderr.write(shown(message) + "\n")
        sys.stderr.flush()


def check_format(value: str, choices: Iterable[str]) -> str:
    """Return `value` when it is one of `choices`; raises UsageError in the one wording every command uses."""
    names = list(choices)
    if value not in names:
        raise UsageError(f"--format {value}: choose one of {', '.join(names)}")
    return value


def json_error(message: str, file: str | None, line: int | None, exit_code: int) -> None:
    """Write an error as the JSON object `-f json` promises on stdout: `{"error": {message, file, line, exit_code}}`."""
    import json

    error = {"message": message, "file": file, "line": line, "exit_code": exit_code}
    sys.stdout.write(shown_json(json.dumps({"error": error}, indent=2)) + "\n")
    sys.stdout.flush()


def emit(data: str | bytes, output: Path | None, *, elsewhere: str = "write to a file with -o FILE") -> None:
    """Write machine output to `output`, or to stdout; raises UsageError when the file cannot be written
    (stdout too: a full disk; `elsewhere` says where else to send it)."""
    if isinstance(data, str):
        data = shown(data)  # a file name that is not UTF-8: its bytes written \xNN (docs/formats.md)
    if output is not None:
        try:
            if isinstance(data, bytes):
                output.write_bytes(data)
            else:
                output.write_text(data, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{output}: cannot write: {exc.strerror}; choose another --output") from None
        eprint(f"stackgraph: wrote {output}")
        return
    try:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()
    except BrokenPipeError:
        raise  # `| head`: the handler ends quietly
    except OSError as exc:  # a full disk (`> /dev/full`), a quota, an I/O error
        raise stdout_failed(exc, elsewhere) from None


def stdout_failed(exc: OSError, elsewhere: str) -> UsageError:
    """The error to raise when writing stdout failed with `exc`; stdout is dropped so the exit does not retry it."""
    drop_stdout()
    return UsageError(f"cannot write to stdout: {exc.strerror or exc}; free some space, or {elsewhere}")


def drop_stdout() -> None:
    """Point stdout at /dev/null, so that the exit does not try (and fail) to flush it again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (typer's runner): nothing to flush at exit
        pass


SEND_ELSEWHERE = "send stdout elsewhere"
"""Where else stdout can go, said by output that has no -o FILE (`--dry-run`, `--help`, `--version`)."""

COMPLETE_VAR = "_STACKGRAPH_COMPLETE"
"""The variable the installed completion scripts set to ask for completions (`complete_bash`, ...)."""

CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI")


def interactive() -> bool:
    """Whether a person can answer a question: stdin and stderr are terminals and no CI variable is set."""
    import os

    if any(os.environ.get(name, "").strip().lower() not in ("", "0", "false") for name in CI_VARIABLES):
        return False
    return sys.stdin.isatty() and sys.stderr.isatty()


def ask(question: str) -> bool:
    """Ask a yes/no question on stderr, read the answer from stdin; True only for y or yes (end of input: no)."""
    sys.stderr.write(question)
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not answer.endswith("\n"):
        sys.stderr.write("\n")
    return answer.strip().lower() in ("y", "yes")


def confirmer(yes: bool) -> Callable[[str], bool] | None:
    """The `confirm` callback of a running command: None (never ask) with --yes, in CI or off a terminal."""
    return None if yes or not interactive() else ask


def echo(text: str) -> None:
    """Print one block of data to stdout (what `--dry-run` shows); a full disk is a UsageError, as in `emit`."""
    emit(text + "\n", None, elsewhere=SEND_ELSEWHERE)
