using System.Threading.Tasks;
using Pulumi;

class NetStack : Stack
{
    [Output] public Output<string> vpcId { get; set; }
    [Output("dbHost")] public Output<string> Host { get; set; }
}

class Program
{
    static Task<int> Main() => Deployment.RunAsync<NetStack>();
}
