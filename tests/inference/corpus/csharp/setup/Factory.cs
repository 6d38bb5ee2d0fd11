using Pulumi;

// A helper that passes its parameter on to the constructor holding the sites, and a class nobody makes.
static class Factory
{
    public static Api Build(Setup made) => new Api(made);
}

class Unused
{
    public Unused(Setup setup)
    {
        new StackReference(setup.ClusterName());
    }
}
