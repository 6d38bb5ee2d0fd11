using Pulumi;

// Sites in a constructor and a method read the setup object passed to them.
class Api
{
    public Api(Setup setup)
    {
        var dns = new StackReference($"{Deployment.Instance.OrganizationName}/dns/{setup.Environment}");
        var network = new StackReference(setup.NetworkName());
        var shared = new StackReference(setup.Fixed);
    }

    public void Alerts(Setup setup)
    {
        var cluster = new StackReference(setup.ClusterName());
    }

    public void Stages(Setup setup)
    {
        new StackReference(setup.StageName());
    }
}
