using Pulumi;

// Names kept in properties (block getter, expression body) and a static method of a class.
static class Names
{
    public static string Network { get { return "acme/networking/prod"; } }
    public static string Database => "acme/database/prod";
    public static string Cluster() { return "acme/cluster/prod"; }
}

class NamesStack : Stack
{
    public NamesStack()
    {
        new StackReference(Names.Network);
        new StackReference(Names.Database);
        new StackReference(Names.Cluster());
    }
}
