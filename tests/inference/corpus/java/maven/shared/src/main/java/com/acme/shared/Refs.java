package com.acme.shared;

import com.pulumi.core.Output;
import com.pulumi.Context;
import com.pulumi.resources.StackReference;

// A module of the build that both programs depend on: its sites are sites of each of them.
public class Refs {
    public static StackReference network(Context ctx) {
        return new StackReference(String.format("acme/networking/%s", ctx.stackName()));
    }

    public static StackReference database(String env) {
        return new StackReference("acme/database/" + env);
    }

    public static StackReference cluster(String env) {
        return new StackReference("acme/cluster/" + env);
    }
}
