package net;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.Stack;

// The older Java model: a Stack subclass whose @Export fields are the outputs.
public class App extends Stack {
    @Export(name = "vpcId")
    private Output<String> vpc = Output.of("vpc-1");

    @Export
    private Output<String> dbHost = Output.of("db.internal");
}

class Web extends ComponentResource {
    @Export(name = "componentOnly")
    private Output<String> url;

    Web() {
        super("acme:web", "web");
    }
}
