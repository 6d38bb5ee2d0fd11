"""The application layer: the use cases the CLI and the benchmarks call.

    settings  `Selection` (which stacks) and `RunSettings` (how to run them): typed requests
    load      scan a folder, build the graph, report the scan's warnings
    choose    apply a `Selection` to a loaded repository
    planning  load + choose + order: the plan of `plan`, `ls` and `graph`
    ci        a `stackgraph ci` request -> the pipeline model stackgraph/ci/ renders
    running   plan, make the jobs, execute, print the summary, write the reports, decide the exit
    reports   the run history, `--report` and `--junit`

Messages go through a `say` callback (the CLI passes its stderr printer), so nothing
here prints on its own except the run's display. Heavy modules (networkx, the
scheduler) are imported inside the functions: importing `stackgraph.app.settings`
stays as cheap as importing typer's option declarations.
"""
