module Program

open Pulumi
open Pulumi.FSharp

// Output keys read through helpers without parameters: a local function reading a value of the function
// around it, functions of a module reading a value of their module.
module Refs =
    let private db = StackReference("acme/database/prod")
    let host () = db.GetOutput(input "host")
    let port () = db.RequireOutput "port"

module Other =
    // The same name in another module is another value: its reads are not those of Refs.db.
    let private db = StackReference("acme/cluster/prod")

let infra () =
    let net = StackReference($"acme/networking/{Deployment.Instance.StackName}")
    let vpcId () = net.GetOutput(input "vpcId")
    let dns = StackReference("acme/dns/prod")
    dict [ ("vpc", vpcId () :> obj); ("host", Refs.host () :> obj); ("port", Refs.port () :> obj) ]

[<EntryPoint>]
let main _ = Deployment.run infra
