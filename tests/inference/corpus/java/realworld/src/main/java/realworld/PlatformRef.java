package realworld;

import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;

// A helper class in its own file: its static method is called from another class with the stack name.
final class PlatformRef {
    private PlatformRef() {
    }

    static StackReference load(String stackName) {
        return new StackReference("platform", StackReferenceArgs.builder().name(stackName).build());
    }
}
