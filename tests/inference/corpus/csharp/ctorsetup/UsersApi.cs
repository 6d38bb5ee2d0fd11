using Pulumi;

// Sites in a constructor and a method read the setup object passed to them.
class UsersApi
{
    public UsersApi(StackSetup stackSetup)
    {
        var infra = new StackReference(stackSetup.GetInfrastructureStackName());
        var dns = new StackReference($"{Deployment.Instance.OrganizationName}/dns/{stackSetup.Environment}");
    }

    public void Alerts(StackSetup stackSetup)
    {
        new StackReference(stackSetup.GetClusterStackName());
    }
}
