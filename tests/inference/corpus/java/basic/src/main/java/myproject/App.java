package myproject;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;

public class App {
    private static final String SHARED = "acme/shared/global";

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    static StackReference ref(String project, Context ctx) {
        return new StackReference(String.format("acme/%s/%s", project, ctx.stackName())); // @S1
    }

    public static void stack(Context ctx) {
        var config = ctx.config();
        var org = config.require("org");
        // A literal.
        var literal = new StackReference("acme/networking/prod"); // @S2
        // String.format with the current stack.
        var current = new StackReference(String.format("%s/database/%s", org, ctx.stackName())); // @S3
        // The whole name from config.
        var whole = new StackReference(config.require("networkStack")); // @S4
        // The builder form: the first argument is only the resource name.
        var built = new StackReference("cluster", StackReferenceArgs.builder() // @S5
            .name("acme/cluster/" + ctx.stackName())
            .build());
        // Optional with a default.
        var db = new StackReference(config.get("dbStack").orElse("acme/database/dev")); // @S6
        // A constant, and a constant of another class.
        var shared = new StackReference(SHARED); // @S7
        var dns = new StackReference(Stacks.DNS); // @S8
        // A foreign namespace.
        var infra = ctx.config("infra");
        var cluster = new StackReference(infra.require("clusterStack")); // @S9
        // String.join.
        var joined = new StackReference(String.join("/", "acme", "networking", ctx.stackName())); // @S10
        // The helper above, called twice.
        var net = ref("networking", ctx);
        var base = ref("database", ctx);
        // new StackReference("acme/cluster/prod");
        ctx.export("vpc", literal.output("vpcId"));
    }
}
