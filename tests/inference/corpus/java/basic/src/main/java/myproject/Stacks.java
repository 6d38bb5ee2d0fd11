package myproject;

final class Stacks {
    static final String DNS = "acme/dns/prod";
}
