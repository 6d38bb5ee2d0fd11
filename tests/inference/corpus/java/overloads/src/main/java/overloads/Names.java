package overloads;

// Methods returning names, called from another file with one or two arguments.
final class Names {
    static String shared(String stack) {
        return "acme/shared/" + stack;
    }

    static String shared(String org, String stack) {
        return org + "/shared/" + stack;
    }
}
