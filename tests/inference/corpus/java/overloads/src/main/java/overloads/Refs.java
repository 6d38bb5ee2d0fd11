package overloads;

import com.pulumi.resources.StackReference;

// Helpers of one name that take different arguments.
final class Refs {
    static StackReference network(String env) {
        return new StackReference("acme/networking/" + env);
    }

    static StackReference network(String env, int retries) {
        return new StackReference("acme/dns/" + env);
    }

    // cluster("prod") runs the first (as written beats a variable-length list of the same types).
    static StackReference cluster(String env) {
        return new StackReference("acme/cluster/" + env);
    }

    static StackReference cluster(String env, String... pools) {
        return new StackReference("acme/networking/" + env);
    }

    // One argument of a type not followed here: either may run.
    static StackReference dns(String env) {
        return new StackReference("acme/dns/" + env);
    }

    static StackReference dns(Integer attempt) {
        return new StackReference("acme/shared/global");
    }
}

// Constructors of one class that take different arguments.
class Database {
    Database(String env) {
        new StackReference("acme/database/" + env);
    }

    Database(String env, int retries) {
        new StackReference("acme/cluster/" + env);
    }
}
