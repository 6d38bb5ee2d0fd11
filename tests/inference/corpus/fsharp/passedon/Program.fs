module Program

open Pulumi
open Pulumi.FSharp

// A StackReference handed on: what the function it goes to reads is not followed, so its reads are open.
let vpcOf (r: StackReference) = r.GetOutput(input "vpcId")

let infra () =
    let stack = Deployment.Instance.StackName
    let net = StackReference("acme/networking/" + stack)
    let cluster = StackReference("acme/cluster/prod")
    if cluster = null then failwith "no cluster"
    let dns = StackReference("acme/dns/prod")
    let all = [ dns ]
    let db = StackReference("acme/database/" + stack)
    db |> ignore
    dict [ ("vpc", vpcOf net :> obj)
           ("endpoint", cluster.GetOutput(input "endpoint") :> obj)
           ("host", db.RequireOutput(input "host") :> obj) ]

[<EntryPoint>]
let main _ = Deployment.run infra
