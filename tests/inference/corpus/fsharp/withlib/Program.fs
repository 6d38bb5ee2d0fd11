module Program

open Pulumi

// The helper and a constant live in an F# library of the repository that the project file references.
let infra () =
    let network = SharedRefs.network Deployment.Instance.StackName
    let dns = StackReference(Names.dns)
    ()

[<EntryPoint>]
let main _ = Deployment.run infra
