package realworld;

import com.pulumi.Context;
import com.pulumi.resources.StackReference;

public class Branches {
    // A variable reassigned under an if is a conditional of the two values (decided per stack).
    static void make(Context ctx) {
        var target = "acme/networking/dev";
        if (ctx.stackName().equals("prod")) {
            target = "acme/networking/prod";
        }
        new StackReference(target);
    }

    // if/else on whether a config key is set: no stack sets it (and none imports an ESC environment), so
    // isPresent() is false for every stack.
    static void undecided(Context ctx) {
        String db;
        if (ctx.config().get("useProd").isPresent()) {
            db = "acme/database/prod";
        } else {
            db = "acme/database/dev";
        }
        new StackReference(db);
    }

    // Reassigned in a loop: unknown.
    static void inLoop(Context ctx) {
        var cluster = "acme/cluster/dev";
        for (int i = 0; i < 1; i++) {
            cluster = "acme/cluster/prod";
        }
        new StackReference(cluster);
    }
}
