package refs;

import com.pulumi.resources.StackReference;
import names.Names;

// In a module whose folder settings.gradle moves (projectDir = file('shared/refs')).
public class Refs {
    public static StackReference database(String env) {
        return new StackReference(Names.ORG + "/database/" + env);
    }
}
