module Program

open System
open Pulumi

// A setup record made here carries the organization and the stack into the other files.
let infra () =
    let setup = { Env = Deployment.Instance.StackName; Org = "acme" }
    let network = StackReference(Setup.infraStack setup)
    let database = StackReference(setup.DatabaseStack)
    let cluster = StackReference(setup.ClusterStack())
    let shared = StackReference(setup.Org + "/shared/global")
    Platform.deploy setup
    let jobs = { Env = Environment.GetEnvironmentVariable("JOBS_ENV"); Org = "acme" }
    let jobsDb = StackReference(jobs.DatabaseStack)
    ()

[<EntryPoint>]
let main _ = Deployment.RunAsync infra |> Async.AwaitTask |> Async.RunSynchronously
