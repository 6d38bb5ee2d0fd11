using System.Collections.Generic;
using Pulumi;

// Output keys read through helpers without parameters: a local function reading a captured variable,
// static methods reading a static field of their class.
return await Deployment.RunAsync(() =>
{
    var net = new StackReference($"acme/networking/{Deployment.Instance.StackName}");
    Output<object> VpcId() => net.GetOutput("vpcId");
    var net2 = new StackReference("acme/dns/prod");
    return new Dictionary<string, object?> { ["vpc"] = VpcId(), ["host"] = Refs.Host(), ["port"] = Refs.Port() };
});

static class Refs
{
    static readonly StackReference Db = new StackReference("acme/database/prod");
    public static Output<object> Host() => Db.GetOutput("host");
    public static Output<object> Port() { return Db.RequireOutput("port"); }
}

static class Other
{
    // The same name in another class is another field: its reads are not those of Refs.Db.
    static readonly StackReference Db = new StackReference("acme/cluster/prod");
}
