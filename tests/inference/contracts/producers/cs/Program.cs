using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    return new Dictionary<string, object?>
    {
        ["vpcId"] = "vpc-1",
        { "dbHost", "db.internal" },
    };
});
