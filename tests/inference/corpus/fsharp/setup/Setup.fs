module Setup

// A record type whose members build the names from its fields, and a function of the module that does.
type StackSetup =
    { Env: string
      Org: string }
    member this.DatabaseStack = this.Org + "/database/" + this.Env
    member this.ClusterStack() = sprintf "%s/cluster/%s" this.Org this.Env

let infraStack (s: StackSetup) = sprintf "%s/networking/%s" s.Org s.Env
