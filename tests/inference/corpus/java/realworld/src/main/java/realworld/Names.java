package realworld;

import com.pulumi.resources.StackReference;

public class Names {
    // A static method of a class, called through the class.
    static String cluster() {
        return "acme/cluster/prod";
    }

    static void refs() {
        new StackReference(Names.cluster());
    }
}
