using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var net = new StackReference("acme/producers-cs/dev");
    var cls = new StackReference("acme/producers-csclass/dev");
    var opened = new StackReference("acme/open-cs/dev");
    return new Dictionary<string, object?>
    {
        ["vpc"] = net.GetOutput("vpcId"),
        ["db"] = net.RequireOutput("DbHost"),
        ["host"] = cls.GetOutput("Host"),
        ["other"] = opened.GetOutput("vpcId"),
        ["comp"] = cls.GetOutput("componentOnly"),
    };
});

public static class More
{
    public static void Read()
    {
        var mapped = new StackReference("acme/producers-cs/dev");
        var vpc = mapped.Outputs.Apply(o => o["vpcID"]);
        var opaque = new StackReference("acme/producers-cs/dev");
        var all = opaque.Outputs; // not read: counted as not checked
        var passed = new StackReference("acme/producers-cs/dev");
        var zone = ZoneOf(passed); // read through a helper of the class: checked at this call (no zoneId: an error)
    }

    static Output<object?> ZoneOf(StackReference reference) => reference.GetOutput("zoneId");
}
