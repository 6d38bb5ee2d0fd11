package setup;

import com.pulumi.resources.StackReference;

// A helper that passes its parameter on to a class holding a site, and a class nobody makes.
final class Factory {
    static Reports build(StackSetup made) {
        return new Reports(made);
    }
}

class Reports {
    Reports(StackSetup setup) {
        new StackReference(setup.databaseStack());
    }
}

class Orphan {
    Orphan(StackSetup setup) {
        new StackReference(setup.infraStack());
    }
}
