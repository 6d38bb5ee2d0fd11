package setup;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

// A setup object made here carries the organization and the stack into other files' classes.
public class App {
    static final String ORG = "acme";

    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var setup = new StackSetup(ctx.stackName(), ctx.projectName(), ORG);
            var platform = new Platform(setup);
            platform.alerts(setup);
            setup.checkDatabase();
            Factory.build(setup);
            var shared = new StackReference(setup.sharedStack());
            var target = new Target(ORG, ctx.stackName());
            var cluster = new StackReference(target.cluster());
            var dns = new StackReference(target.org() + "/dns/" + target.env());
            Jobs.run(new StackSetup(System.getenv("TARGET_ENV"), ctx.projectName(), ORG));
            var legacy = new StackReference(new Legacy(ctx.stackName()).network());
        });
    }
}
