using System.Collections.Generic;
using Pulumi;

// A method group given to RunAsync, returning a target-typed new (C# 9).
return await Deployment.RunAsync(Infra);

static Dictionary<string, object?> Infra()
{
    return new() { ["vpcId"] = "vpc-1", ["dbHost"] = "db.internal" };
}
