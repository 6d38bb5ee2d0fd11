using System.Collections.Generic;
using Pulumi;

// Second-argument shapes seen in public programs: target-typed `new()` Args, null Args,
// named arguments, and Args held in a variable (which cannot be read here).
return await Deployment.RunAsync(() =>
{
    var org = new Config().Require("org");
    var viaTargetTyped = new Pulumi.StackReference("networkRef", new()
    {
        Name = $"{org}/networking/{Deployment.Instance.StackName}",
    });
    var viaNull = new StackReference($"{org}/database/{Deployment.Instance.StackName}", null);
    var viaNamed = new StackReference("clusterRef", args: new StackReferenceArgs { Name = $"{org}/cluster/prod" });
    var argsElsewhere = MakeArgs();
    var opaque = new StackReference("dnsRef", argsElsewhere);
    var noName = new StackReference("acme/shared/global", new StackReferenceArgs());
});

static StackReferenceArgs MakeArgs() => new StackReferenceArgs { Name = "acme/dns/prod" };
