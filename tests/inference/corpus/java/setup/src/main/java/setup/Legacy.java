package setup;

// A field with a value of its own that the constructor replaces: never read as that value.
class Legacy {
    private String env = "dev";

    Legacy(String stack) {
        env = stack;
    }

    String network() {
        return "acme/networking/" + env;
    }
}
