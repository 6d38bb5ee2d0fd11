package setup;

import com.pulumi.resources.StackReference;

// Fields without a value of their own, filled by the constructor; getters and methods build the names.
public class StackSetup {
    private final String env;
    private final String project;
    private final String org;
    private final String shared = "acme/shared/global";

    public StackSetup(String env, String project, String org) {
        this.env = env;
        this.project = project;
        this.org = org;
    }

    public String getEnv() {
        return env;
    }

    public String getOrg() {
        return this.org;
    }

    public String infraStack() {
        return String.format("%s/networking/%s", org, env);
    }

    public String databaseStack() {
        return org + "/database/" + this.env;
    }

    public String sharedStack() {
        return shared;
    }

    public void checkDatabase() {
        new StackReference(String.format("%s/database/%s", org, env));
    }
}
