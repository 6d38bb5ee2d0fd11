using Pulumi;

// A setup object filled here carries the organization and the stack into other files' classes.
return await Deployment.RunAsync(() =>
{
    var environment = Deployment.Instance.StackName;
    var setup = new Setup
    {
        Organization = Deployment.Instance.OrganizationName,
        Environment = environment,
        Stage = environment,
    };
    var api = new Api(setup);
    api.Alerts(setup);
    setup.CheckDatabase();
    Factory.Build(setup);
    api.Stages(setup);
});
