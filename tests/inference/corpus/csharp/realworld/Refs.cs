using Pulumi;

// A helper class in its own file: its static method is called from another class with the stack name.
static class Refs
{
    public static StackReference Load(string name) => new StackReference(name);
}
