package names;

import com.pulumi.resources.StackReference;

// A module the program reaches through another module (':libs:refs' depends on it).
public class Names {
    public static final String ORG = "acme";

    public static StackReference dns() {
        return new StackReference(ORG + "/dns/prod");
    }
}
