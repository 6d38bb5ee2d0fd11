using Pulumi;

// The helper lives in a class library of the repository that the project file references.
return await Deployment.RunAsync(() =>
{
    var network = SharedRefs.Network(Deployment.Instance.StackName);
});
