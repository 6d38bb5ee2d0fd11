"""stackgraph: the dependency graph of the Pulumi stacks in a repository, and their deployment in order."""

__version__ = "0.1.0"
