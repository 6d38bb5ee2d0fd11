"""The one top-level error handler every command goes through.

Expected problems (`StackgraphError`) print one line and exit with their code
(2 bad input, 1 failed deployment, 130 interrupted). Anything unexpected writes
the traceback to a log file and exits 3 with its path; no traceback reaches the
terminal.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer

from stackgraph.cli.common import eprint, json_error
from stackgraph.errors import StackgraphError

F = TypeVar("F", bound=Callable[..., Any])


def crash_log(exc: BaseException) -> Path:
    """Write the traceback of `exc` to a new log file and return its path."""
    folder = Path(os.environ.get("STACKGRAPH_LOG_DIR") or Path(tempfile.gettempdir()) / "stackgraph")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    path.write_text(f"stackgraph {' '.join(sys.argv[1:])}\n\n{text}", encoding="utf-8", errors="surrogateescape")
    return path


def handle_errors(func: F) -> F:
    """Run a command, turning every exception into a one-line message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except StackgraphError as exc:
            for line in str(exc).splitlines():  # several problems found at once: one line each
                eprint(f"stackgraph: error: {line}")
            _annotate(exc, kwargs)
            _as_json(kwargs, exc.message, exc.file, exc.line, exc.exit_code)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            eprint("stackgraph: interrupted")
            _as_json(kwargs, "interrupted", None, None, 130)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            _quiet_stdout()
            raise typer.Exit(0) from None
        except Exception as exc:
            try:
                log: Path | None = crash_log(exc)
                where = f"the traceback is in {log}"
            except OSError:
                log, where = None, "and no log could be written"
            message = f"unexpected error: {type(exc).__name__}: {exc}; {where}; please report it"
            eprint(f"stackgraph: {message}")
            _as_json(kwargs, message, None if log is None else str(log), None, 3)
            raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]  # same signature as func; typing cannot say so


def _as_json(kwargs: dict[str, Any], message: str, file: str | None, line: int | None, code: int) -> None:
    """Under `-f json`, also write the error as a JSON object on stdout (scripts read one stream)."""
    if kwargs.get("format") == "json":
        with contextlib.suppress(OSError):  # stdout is gone (a closed pipe, a full disk): the stderr line stands
            json_error(message, file, line, code)


def _annotate(exc: StackgraphError, kwargs: dict[str, Any]) -> None:
    """Inside GitHub Actions, also put a bad-input error that names a file on that file (an annotation)."""
    if exc.file is None:
        return
    from stackgraph.app.ci_output import error_annotation

    line = error_annotation(exc, kwargs.get("path"), kwargs.get("ci"))
    if line is not None:
        eprint(line)


def _quiet_stdout() -> None:
    """After a closed pipe (`| head`), point stdout at /dev/null so the exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
