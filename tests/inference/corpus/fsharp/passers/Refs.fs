module Refs

open Pulumi

// The helper that makes the reference from its parameters.
let stackRef (project: string) (env: string) =
    StackReference($"acme/{project}/{env}")

// Helpers that pass their parameters on to it: one level, and two (platform -> foundation -> stackRef).
let foundation env = stackRef "networking" env

let platform env = foundation env

// Passes its parameter on, but nothing calls it: it binds nothing.
let cluster env = stackRef "cluster" env
