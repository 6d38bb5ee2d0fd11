using Pulumi;

// Properties filled by the constructor from its parameters; another constructor chains to it.
public class StackSetup
{
    public StackSetup(string organization, string environment)
    {
        Organization = organization;
        Environment = environment;
    }

    public StackSetup(string environment) : this("acme", environment)
    {
    }

    public string Organization { get; }
    public string Environment { get; }
    public string GetInfrastructureStackName() => $"{Organization}/networking/{Environment}";
    public string GetClusterStackName() => $"{Organization}/cluster/{Environment}";

    public void CheckDatabase()
    {
        new StackReference($"{Organization}/database/{Environment}");
    }
}
