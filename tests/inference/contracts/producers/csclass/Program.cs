using System.Threading.Tasks;
using Pulumi;

class NetStack : Stack
{
    [Output] public Output<string> vpcId { get; set; }
    [Output("dbHost")] public Output<string> Host { get; set; }
}

class Web : ComponentResource
{
    // A component's output, not the stack's: reading "componentOnly" from this stack is an error.
    [Output("componentOnly")] public Output<string> Url { get; set; }

    public Web() : base("acme:web", "web") { }
}

class Program
{
    static Task<int> Main() => Deployment.RunAsync<NetStack>();
}
