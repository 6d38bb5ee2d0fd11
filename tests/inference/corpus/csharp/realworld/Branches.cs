using Pulumi;

static class Branches
{
    // A variable reassigned under an if is a conditional of the two values (decided per stack).
    public static void Make()
    {
        var target = "acme/networking/dev";
        if (Deployment.Instance.StackName == "prod")
        {
            target = "acme/networking/prod";
        }
        new StackReference(target);
    }

    // if/else on a config value no stack sets: Get gives null, so the test fails for every stack (the else).
    public static void Undecided()
    {
        string db;
        if (new Config().Get("useProd") != null)
        {
            db = "acme/database/prod";
        }
        else
        {
            db = "acme/database/dev";
        }
        new StackReference(db);
    }

    // Reassigned in a try or a loop: unknown.
    public static void InTry()
    {
        var cluster = "acme/cluster/dev";
        try
        {
            cluster = "acme/cluster/prod";
        }
        finally { }
        new StackReference(cluster);
    }
}
