using Pulumi;

// Methods returning names, called with one or two arguments from this file and another.
static class Names
{
    public static string Stack(string env) => Db(env);

    public static string Stack(string org, string env) => $"{org}/networking/{env}";

    static string Db(string env) => $"acme/database/{env}";

    static string Db(string env, string region) => $"acme/cluster/{env}";
}
