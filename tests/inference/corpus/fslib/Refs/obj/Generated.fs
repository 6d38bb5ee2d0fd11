module Generated

open Pulumi

// Build output: never read.
let stale = StackReference("acme/cluster/prod")
