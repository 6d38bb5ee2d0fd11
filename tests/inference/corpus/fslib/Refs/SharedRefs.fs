module SharedRefs

open Pulumi

let network (env: string) = StackReference($"acme/networking/{env}")
