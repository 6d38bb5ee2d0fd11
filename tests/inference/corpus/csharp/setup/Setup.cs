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
}
