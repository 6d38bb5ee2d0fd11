package net;

import com.pulumi.Pulumi;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            ctx.export("vpcId", Output.of("vpc-1"));
            ctx.export("dbHost", Output.of("db.internal"));
        });
    }
}
