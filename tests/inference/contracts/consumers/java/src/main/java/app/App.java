package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var net = new StackReference("acme/producers-java/dev");
            ctx.export("vpc", net.output("vpcId"));
            ctx.export("db", net.requireOutput("dbHostname"));
            var opened = new StackReference("acme/open-java/dev");
            ctx.export("other", opened.output("x"));
        });
    }
}
