import * as pulumi from "@pulumi/pulumi";

export interface AppArgs {
    networkStack: string;
}

// A component whose constructor takes the stack name in its args: each `new App(...)` binds it.
export class App extends pulumi.ComponentResource {
    constructor(name: string, args: AppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("acme:App", name, {}, opts);
        const net = new pulumi.StackReference(args.networkStack, undefined, { parent: this });
    }
}

export class Dns {
    constructor(env: string) {
        new pulumi.StackReference(`acme/dns/${env}`);
    }
}
