using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var all = new List<StackReference> { new StackReference("acme/database/dev") };
    var host = new StackReference("acme/database/dev").GetOutput("host");
    return new Dictionary<string, object?> { ["vpc"] = Refs.Network.GetOutput("vpcId"), ["host"] = host };
});
