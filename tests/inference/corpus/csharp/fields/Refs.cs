using Pulumi;

// References held in fields and properties, or not held at all.
static class Refs
{
    public static StackReference Network = new StackReference("acme/networking/dev");
    public static StackReference Dns => new StackReference("acme/dns/prod");
}

class Holder
{
    StackReference cluster;
    public Holder() { this.cluster = new StackReference("acme/cluster/prod"); }
    public object Endpoint() => Use(this.cluster);
    static object Use(object o) => o;
}
