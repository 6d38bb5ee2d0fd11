package com.acme.worker;

import com.acme.shared.Refs;
import com.pulumi.Pulumi;

// The second program of the build that reads `shared`: the same sites, resolved for its own stacks.
public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            Refs.network(ctx);
            Refs.cluster("prod");
        });
    }
}
