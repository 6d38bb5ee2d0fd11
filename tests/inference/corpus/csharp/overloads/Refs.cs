using Pulumi;

// Helpers of one name that take different arguments.
static class Refs
{
    public static StackReference Network(string env) => new StackReference($"acme/networking/{env}");

    public static StackReference Network(string env, int retries) => new StackReference($"acme/dns/{env}");

    // Cluster("prod") runs the first (as written beats a params list of the same types).
    public static StackReference Cluster(string env) => new StackReference($"acme/cluster/{env}");

    public static StackReference Cluster(string env, params string[] pools) =>
        new StackReference($"acme/networking/{env}");

    // One argument of a type not followed here: either may run.
    public static StackReference Dns(string env) => new StackReference($"acme/dns/{env}");

    public static StackReference Dns(int attempt) => new StackReference("acme/shared/global");

    // An optional parameter takes its default; named arguments go to the parameters they name.
    public static StackReference Shared(string stack, string org = "acme") => new StackReference($"{org}/shared/{stack}");
}

// Constructors of one class that take different arguments.
class Database
{
    public Database(string env)
    {
        new StackReference($"acme/database/{env}");
    }

    public Database(string env, int retries = 1)
    {
        new StackReference($"acme/cluster/{env}");
    }
}
