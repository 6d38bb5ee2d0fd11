using Pulumi;

// Overloads: a call runs the method or constructor of its name whose parameters take its arguments.
return await Deployment.RunAsync(() =>
{
    var stack = Deployment.Instance.StackName;
    Refs.Network(stack);
    Refs.Network("prod", 3);
    new Database(stack);
    new Database("prod", retries: 3);
    Refs.Cluster("prod");
    Refs.Cluster("dev", "blue", "green");
    Refs.Dns(stack);
    Refs.Shared("global");
    Refs.Shared(org: "acme", stack: "global");
    new StackReference(Names.Stack("prod"));
    new StackReference(Names.Stack("acme", "prod"));
});
