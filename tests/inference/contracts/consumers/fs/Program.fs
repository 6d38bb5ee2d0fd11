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

let zoneOf (reference: StackReference) = reference.GetOutput(input "zoneId")

let handed () =
    let passed = StackReference("acme/producers-fs/dev")
    zoneOf passed // handed on: what zoneOf reads is not followed, counted as not checked

let refTo project = StackReference("acme/" + project + "/dev")

let viaHelper () =
    let helped = refTo "producers-fs"
    helped.GetOutput(input "vpcID") // read on a helper's result: checked

[<EntryPoint>]
let main _ = Deployment.run infra
