package setup;

// A record: its components are its fields, read through accessors and methods.
public record Target(String org, String env) {
    public String cluster() {
        return org + "/cluster/" + env;
    }
}
