package myproject;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
import java.util.List;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            ctx.export("vpc", Refs.NETWORK.output("vpcId"));
            var all = List.of(new StackReference("acme/database/dev"));
            ctx.export("host", new StackReference("acme/database/dev").output("host"));
        });
    }
}
