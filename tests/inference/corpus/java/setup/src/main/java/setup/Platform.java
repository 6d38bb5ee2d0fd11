package setup;

import com.pulumi.resources.StackReference;

// Sites in a constructor and a method read the setup object passed to them.
public class Platform {
    public Platform(StackSetup setup) {
        var network = new StackReference(setup.infraStack());
        var dns = new StackReference(setup.getOrg() + "/dns/" + setup.getEnv());
    }

    public void alerts(StackSetup setup) {
        var cluster = new StackReference(String.format("%s/cluster/%s", setup.getOrg(), setup.getEnv()));
    }
}
