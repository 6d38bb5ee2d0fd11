package realworld;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;

public class App {
    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    static StackReferenceArgs dnsArgs() {
        return StackReferenceArgs.builder().name("acme/dns/prod").build();
    }

    public static void stack(Context ctx) {
        var slug = String.format("%s/%s/%s", ctx.organizationName(), "networking", ctx.stackName());
        new StackReference(slug);
        var held = dnsArgs();
        var dns = new StackReference("dns", held);
        var db = new StackReference(String.format("acme/database/%s", ctx.stackName()), StackReferenceArgs.builder().build());
        var cl = new StackReference("acme/cluster/prod", null);
    }
}
