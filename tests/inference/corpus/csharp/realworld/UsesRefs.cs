using Pulumi;

class UsesRefs : Stack
{
    public UsesRefs()
    {
        var dns = Refs.Load("acme/dns/prod");
    }
}
