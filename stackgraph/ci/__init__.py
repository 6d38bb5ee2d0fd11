"""CI pipelines generated from the stack graph: a model, one pure renderer per system, a freshness check."""
