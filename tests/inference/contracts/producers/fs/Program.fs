module Program

open Pulumi.FSharp

let infra () =
    dict [ ("vpcId", "vpc-1" :> obj); ("dbHost", "db.internal" :> obj) ]

[<EntryPoint>]
let main _ = Deployment.run infra
