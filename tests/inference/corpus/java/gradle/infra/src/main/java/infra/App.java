package infra;

import com.pulumi.Pulumi;
import refs.Refs;

// Reads the module ':libs:refs' of its Gradle build (implementation project(':libs:refs')).
public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var database = Refs.database(ctx.stackName());
        });
    }
}
