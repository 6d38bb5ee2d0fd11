module Program

open Pulumi.FSharp

// A Map is an IDictionary too: its keys are not read, so the set is open.
let infra () =
    Map.ofList [ ("vpcId", "vpc-1" :> obj) ] :> System.Collections.Generic.IDictionary<string, obj>

[<EntryPoint>]
let main _ = Deployment.run infra
