package overloads;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

// Overloads: a call runs the method or constructor of its name whose parameters take its arguments.
public class App {
    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    static String db(String env) {
        return "acme/database/" + env;
    }

    static String db(String env, String region) {
        return "acme/cluster/" + env;
    }

    static void stack(Context ctx) {
        Refs.network(ctx.stackName());
        Refs.network("prod", 3);
        new Database(ctx.stackName());
        new Database("prod", 3);
        Refs.cluster("prod");
        Refs.cluster("dev", "blue", "green");
        Refs.dns(ctx.stackName());
        new StackReference(db("prod"));
        new StackReference(Names.shared("global"));
        new StackReference(Names.shared("acme", "global"));
    }
}
