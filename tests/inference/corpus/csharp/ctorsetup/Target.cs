using Pulumi;

// A primary constructor (C# 12): its parameters are the object's fields; a property is initialized from one.
public class Target(string org, string env)
{
    public string Org { get; } = org;
    public string Region = "prod";
    public string DnsStack() => $"{org}/dns/{env}";
}

// A positional record: its parameters are its properties.
public record Zone(string Org, string Env);

// A field with a value of its own that the constructor replaces: never read as that value.
public class Legacy
{
    private string env = "dev";

    public Legacy(string stack)
    {
        env = stack;
    }

    public string Network() => $"acme/networking/{env}";
}

class LegacyUser
{
    public LegacyUser(Legacy legacy)
    {
        new StackReference(legacy.Network());
    }
}
