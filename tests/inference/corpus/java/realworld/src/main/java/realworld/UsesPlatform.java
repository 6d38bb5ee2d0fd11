package realworld;

import com.pulumi.Context;

public class UsesPlatform {
    static void stack(Context ctx) {
        var platform = PlatformRef.load("acme/shared/global");
    }
}
