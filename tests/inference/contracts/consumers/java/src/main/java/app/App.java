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

class More {
    static void read() {
        var mapped = new StackReference("acme/producers-java/dev");
        var vpc = mapped.outputs().applyValue(m -> m.get("vpcID"));
        var opaque = new StackReference("acme/producers-java/dev");
        var all = opaque.outputs(); // not read: counted as not checked
        var passed = new StackReference("acme/producers-java/dev");
        var zone = zoneOf(passed); // read through a helper of the class: checked at this call (no zoneId: an error)
    }

    static Object zoneOf(StackReference reference) {
        return reference.output("zoneId");
    }
}
