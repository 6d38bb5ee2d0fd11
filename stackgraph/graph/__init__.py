"""The stack graph: building it from a scan, checking it, and taking parts of it."""
