package common;

import com.pulumi.Context;
import com.pulumi.resources.StackReference;

public class Common {
    public static StackReference network(Context ctx) {
        return new StackReference("acme/networking/" + ctx.stackName());
    }
}
