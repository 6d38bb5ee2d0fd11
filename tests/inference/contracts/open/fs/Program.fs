module Program

open Pulumi.FSharp

let infra () =
    let key = "vpc" + "Id"
    dict [ (key, "vpc-1" :> obj) ]

[<EntryPoint>]
let main _ = Deployment.run infra
