using System.Collections.Generic;
using Pulumi;

static class Loops
{
    const string env = "prod";

    // A foreach variable or a catch parameter hides the constant of the same name.
    public static void Each(IEnumerable<string> envs)
    {
        foreach (var env in envs)
        {
            new StackReference($"acme/networking/{env}");
        }
        new StackReference($"acme/cluster/{env}");
    }
}
