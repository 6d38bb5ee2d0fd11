package realworld;

import com.pulumi.resources.StackReference;
import java.util.List;

public class Loops {
    static final String env = "prod";

    // The loop variable hides the field of the same name.
    static void each(List<String> envs) {
        for (String env : envs) {
            new StackReference("acme/networking/" + env);
        }
        new StackReference("acme/cluster/" + Loops.env);
    }
}
