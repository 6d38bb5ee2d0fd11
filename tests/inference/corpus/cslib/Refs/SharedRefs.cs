using Pulumi;

public static class SharedRefs
{
    public static StackReference Network(string env) => new StackReference($"acme/networking/{env}");
}
