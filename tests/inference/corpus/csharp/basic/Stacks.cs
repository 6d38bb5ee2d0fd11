static class Stacks
{
    public const string SharedStackName = "global";
}
