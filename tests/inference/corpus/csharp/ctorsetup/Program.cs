using Pulumi;

// A setup object made with its constructor (no object initializer) carries the organization and the stack
// into other files' classes; others are made through `: this(..)`, a primary constructor and a record.
return await Deployment.RunAsync(() =>
{
    var setup = new StackSetup(Deployment.Instance.OrganizationName, Deployment.Instance.StackName);
    var api = new UsersApi(setup);
    api.Alerts(setup);
    setup.CheckDatabase();
    new StackReference(setup.GetInfrastructureStackName());
    var chained = new StackSetup(Deployment.Instance.StackName);
    new StackReference(chained.GetClusterStackName());
    var target = new Target("acme", Deployment.Instance.StackName);
    new StackReference(target.DnsStack());
    new StackReference($"{target.Org}/networking/{target.Region}");
    var zone = new Zone("acme", Deployment.Instance.StackName);
    new StackReference($"{zone.Org}/database/{zone.Env}");
    new StackReference(new Legacy(Deployment.Instance.StackName).Network());
    new Reports(new Branchy(Deployment.Instance.StackName, true));
    new LegacyUser(new Legacy(Deployment.Instance.StackName));
});
