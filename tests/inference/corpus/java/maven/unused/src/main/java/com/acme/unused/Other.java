package com.acme.unused;

import com.pulumi.resources.StackReference;

// A module of the build that no program depends on: no site of theirs.
public class Other {
    public static StackReference dns() {
        return new StackReference("acme/dns/prod");
    }
}
