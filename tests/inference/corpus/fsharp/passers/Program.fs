module Program

open Pulumi

// A helper of this module that passes its parameter on to one of another module.
let data env = Refs.stackRef "database" env

let infra () =
    let stack = Deployment.Instance.StackName
    let net = Refs.foundation stack
    let plat = Refs.platform "prod"
    let db = data stack
    ()

[<EntryPoint>]
let main _ = Deployment.run infra
