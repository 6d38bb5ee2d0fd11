using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var outputs = new Dictionary<string, object?>();
    outputs["vpcId"] = "vpc-1";
    return outputs;
});
