using Pulumi;

// A property the constructor assigns in a branch: not followed (unresolved, never one of the two).
public class Branchy
{
    public Branchy(string env, bool shared)
    {
        if (shared)
        {
            Environment = "global";
        }
        else
        {
            Environment = env;
        }
        Organization = "acme";
    }

    public string Organization { get; }
    public string Environment { get; }
    public string SharedStack() => $"{Organization}/shared/{Environment}";
}

class Reports
{
    public Reports(Branchy branchy)
    {
        new StackReference(branchy.SharedStack());
    }
}
