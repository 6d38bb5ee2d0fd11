package stack;

import com.pulumi.Pulumi;
import common.Common;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            Common.network(ctx);
        });
    }
}
