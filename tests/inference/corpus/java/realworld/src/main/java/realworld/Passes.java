package realworld;

import com.pulumi.Context;

// Helpers that pass their parameters on: Passes.network(env) calls PlatformRef.load(..), and make() calls it.
final class Passes {
    private Passes() {
    }

    static Object network(String env) {
        return PlatformRef.load("acme/networking/" + env);
    }

    static void make(Context ctx) {
        network(ctx.stackName());
    }
}
