"""The Pulumi adapter: the only package that knows the Pulumi CLI (and the SDK's Automation API, see `workspace`).

- `engine`: find the CLI ($STACKGRAPH_PULUMI_BIN, .stackgraph/pulumi-bin, PATH); decide the
  backend (as the CLI would, else the embedded file backend) and the passphrase.
- `backend`: ask the backend through the CLI (`stack ls --json`, `stack init`, `stack output`).
- `jobs`: one `pulumi <op> --stack S --cwd DIR --event-log FILE` job per stack, with its
  transient-error classifier, summary (from the event log) and lock-recovery commands; and
  `make_jobs`, the job factory of up / preview / refresh / destroy. A step whose engine exits 0
  although its event log reports errors fails (`reported`: which events count).
- `workspace`: the env commands' stack management (create from a base, config, tags, remove), through
  the Automation API where it has the operation; the SDK is imported there, inside a function.

Why the CLI and not the Automation API: the executor must own each engine's process (its
own process group, SIGINT first on cancellation), and the structured events come from
`--event-log` either way. Secrets never leave: `up`/`preview` get `--show-secrets=false`,
the engine writes event logs with secrets masked (but for its debug events: it writes them in a
private folder, and `jobs.publish_events` copies them without those into the logs once a step's
process exited), and outputs are read without
`--show-secrets` (secret values arrive as "[secret]"). Nothing here prints; errors are
`StackgraphError`s with one-line messages.
"""

from __future__ import annotations

from stackgraph.run.pulumi.backend import (
    EngineError,
    StackState,
    create_stacks,
    missing_error,
    outputs,
    parse_stack_ls,
    run_quick,
    stack_states,
)
from stackgraph.run.pulumi.engine import (
    EMBEDDED_PASSPHRASE,
    Backend,
    Engine,
    detect_backend,
    find_pulumi,
    prepare,
    validate_names,
)
from stackgraph.run.pulumi.jobs import (
    Operation,
    as_typed,
    blocking_dependents,
    dry_jobs,
    job_argv,
    make_job,
    make_jobs,
    read_events,
    recovery,
    summarize,
    transient,
)

__all__ = [
    "EMBEDDED_PASSPHRASE",
    "Backend",
    "Engine",
    "EngineError",
    "Operation",
    "StackState",
    "as_typed",
    "blocking_dependents",
    "create_stacks",
    "detect_backend",
    "dry_jobs",
    "find_pulumi",
    "job_argv",
    "make_job",
    "make_jobs",
    "missing_error",
    "outputs",
    "parse_stack_ls",
    "prepare",
    "read_events",
    "recovery",
    "run_quick",
    "stack_states",
    "summarize",
    "transient",
    "validate_names",
]
