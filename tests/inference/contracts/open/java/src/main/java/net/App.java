package net;

import com.pulumi.Pulumi;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            java.util.List.of("vpcId", "dbHost").forEach(k -> ctx.export(k, Output.of(k)));
        });
    }
}
