using System;
using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var config = new Config();
    var org = config.Require("org");
    var stack = Deployment.Instance.StackName;

    // A literal.
    var literal = new StackReference("acme/networking/prod"); // @S1
    // An interpolated string with the current stack.
    var current = new StackReference($"{org}/database/{Deployment.Instance.StackName}"); // @S2
    // The whole name from config.
    var whole = new Pulumi.StackReference(config.Require("networkStack")); // @S3
    // The Args form: the first argument is only the resource name.
    var args = new StackReference("cluster", new StackReferenceArgs // @S4
    {
        Name = "acme/cluster/" + stack,
    });
    // A default with ??.
    var db = new StackReference(config.Get("dbStack") ?? $"acme/database/{stack}"); // @S5
    // string.Format and a constant of another file.
    var shared = new StackReference(string.Format("{0}/shared/{1}", org, Stacks.SharedStackName)); // @S6
    // A conditional on the stack name.
    var dns = new StackReference(stack == "prod" ? "acme/dns/prod" : "acme/networking/staging"); // @S7
    // An environment variable.
    var env = new StackReference(Environment.GetEnvironmentVariable("NET_STACK")); // @S8
    // A helper below, called twice.
    var net = Refs.Make("networking");
    var cluster = Refs.Make("cluster");
    // var old = new StackReference("acme/cluster/prod");
    return new Dictionary<string, object?> { ["vpc"] = literal.GetOutput("vpcId") };
});

static class Refs
{
    public static StackReference Make(string project) =>
        new StackReference($"acme/{project}/{Deployment.Instance.StackName}"); // @S9
}
