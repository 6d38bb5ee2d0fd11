package helperreads;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

// Output keys read through helpers without parameters: static methods reading a static field, one
// set in main (an assignment), one with its own value.
public class App {
    private static StackReference net;
    private static final StackReference db = new StackReference("acme/database/prod");

    static Object vpcId() {
        return net.output("vpcId");
    }

    static Object host() {
        return db.requireOutput("host");
    }

    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            net = new StackReference("acme/networking/" + ctx.stackName());
            ctx.export("vpc", vpcId());
            ctx.export("host", host());
        });
    }
}
