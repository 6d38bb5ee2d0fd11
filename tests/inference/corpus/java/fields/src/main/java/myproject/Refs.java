package myproject;

import com.pulumi.resources.StackReference;

// A static field another file reads, and a field set through `this.`.
public class Refs {
    public static final StackReference NETWORK = new StackReference("acme/networking/dev");
    private StackReference cluster;

    public Refs() {
        this.cluster = new StackReference("acme/cluster/prod");
    }
}
