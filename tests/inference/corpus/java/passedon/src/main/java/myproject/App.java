package myproject;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;

// StackReferences handed on: `dns` exported whole keeps its reads open; `vpcOf(net)` reads a key on its parameter (read at the call).
public class App {
    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    static void stack(Context ctx) {
        var net = new StackReference("acme/networking/" + ctx.stackName());
        ctx.export("vpc", vpcOf(net));
        var cluster = new StackReference("acme/cluster/prod");
        ctx.export("endpoint", cluster.output("endpoint"));
        if (cluster == null) {
            return;
        }
        var dns = new StackReference("acme/dns/prod");
        ctx.export("dns", dns);
    }

    static Output<Object> vpcOf(StackReference reference) {
        return reference.output("vpcId");
    }
}
