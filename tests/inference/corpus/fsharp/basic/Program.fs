module Program

open Pulumi
open Pulumi.FSharp

let ref project =
    StackReference($"acme/{project}/{Deployment.Instance.StackName}") // @S1

let infra () =
    let config = Config()
    let org = config.Require("org")
    let stack = Deployment.Instance.StackName
    // A literal.
    let literal = StackReference("acme/networking/prod") // @S2
    // $"..." with the org from config and the current stack.
    let current = StackReference($"{org}/database/{stack}") // @S3
    // sprintf, with `new`.
    let printed = new StackReference(sprintf "acme/%s/%s" "cluster" stack) // @S4
    // The Args form: the first argument is only the resource name.
    let args = StackReference("net", StackReferenceArgs(Name = input ("acme/networking/" + stack))) // @S5
    // The whole name from config.
    let whole = StackReference(config.Require("networkStack")) // @S6
    // A constant of another module.
    let shared = StackReference(Stacks.shared) // @S7
    // if/then/else on the stack.
    let dns = StackReference(if stack = "prod" then "acme/dns/prod" else "acme/networking/staging") // @S8
    // The helper above, called twice.
    let net = ref "networking"
    let db = ref "database"
    // let old = StackReference("acme/cluster/prod")
    dict [ ("vpc", literal.GetOutput(input "vpcId") :> obj) ]

[<EntryPoint>]
let main _ = Deployment.run infra
