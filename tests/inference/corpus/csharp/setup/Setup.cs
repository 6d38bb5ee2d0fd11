using Pulumi;

// Fields without a value of their own are given where the object is made (Program.cs).
public class Setup
{
    public string Organization { get; set; } = default!;
    public string Environment = default!;
    public string Fixed = "acme/shared/global";
    public string NetworkName() => $"{Organization}/networking/{Environment}";
    public string ClusterName() => $"{Organization}/cluster/{Environment}";

    public void CheckDatabase()
    {
        new StackReference($"{Organization}/database/{Environment}");
    }

    public string Stage { get; set; } = "dev";
    public string StageName() => $"{Organization}/cluster/{Stage}";
}

// A property with a value of its own in a class no code makes (the runtime does): that value.
class Defaults
{
    public string Stage { get; set; } = "prod";

    public Defaults()
    {
        new StackReference($"acme/cluster/{Stage}");
    }
}
