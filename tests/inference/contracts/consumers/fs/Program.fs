module Program

open Pulumi
open Pulumi.FSharp

let infra () =
    let net = StackReference("acme/producers-fs/dev")
    let opened = StackReference("acme/open-fs/dev")
    dict [ ("vpc", net.GetOutput(input "vpcId") :> obj)
           ("db", net.RequireOutput(input "dbhost") :> obj)
           ("other", opened.GetOutput(input "vpcId") :> obj) ]

let more () =
    let opaque = StackReference("acme/producers-fs/dev")
    opaque.Outputs // not read: counted as not checked

[<EntryPoint>]
let main _ = Deployment.run infra
