module Platform

open Pulumi

// Functions given the record: its fields and members, bound at each call from Program.fs.
let deploy (setup: StackSetup) =
    StackReference(setup.ClusterStack()) |> ignore
    StackReference(setup.Org + "/dns/" + setup.Env) |> ignore

let orphan (setup: StackSetup) =
    StackReference(Setup.infraStack setup) |> ignore
