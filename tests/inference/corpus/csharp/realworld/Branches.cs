using Pulumi;

static class Branches
{
    // A variable reassigned under an if is unknown here.
    public static void Make()
    {
        var target = "acme/networking/dev";
        if (Deployment.Instance.StackName == "prod")
        {
            target = "acme/networking/prod";
        }
        new StackReference(target);
    }
}
