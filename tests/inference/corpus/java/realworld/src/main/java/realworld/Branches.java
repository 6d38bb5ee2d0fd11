package realworld;

import com.pulumi.Context;
import com.pulumi.resources.StackReference;

public class Branches {
    // A variable reassigned under an if is unknown here.
    static void make(Context ctx) {
        var target = "acme/networking/dev";
        if (ctx.stackName().equals("prod")) {
            target = "acme/networking/prod";
        }
        new StackReference(target);
    }
}
