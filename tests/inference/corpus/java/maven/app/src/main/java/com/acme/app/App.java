package com.acme.app;

import com.acme.shared.Refs;
import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

// Reads the module `shared` of its Maven build (a dependency on a sibling artifact of the parent pom).
public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var network = Refs.network(ctx);
            var database = Refs.database(ctx.stackName());
            // billing-names is no module of this repository: its class is not read, the name stays unknown.
            var billing = new StackReference(BillingNames.stack());
        });
    }
}
