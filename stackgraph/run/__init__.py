"""Running the graph: scheduler and executor (no Pulumi knowledge), the Pulumi adapter, reports."""
