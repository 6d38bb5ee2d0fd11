package setup;

import com.pulumi.resources.StackReference;

// Made with an environment variable: not knowable without running the program.
final class Jobs {
    static void run(StackSetup setup) {
        new StackReference(setup.databaseStack());
    }
}
