import * as pulumi from "@pulumi/pulumi";

export class App {
    net: pulumi.StackReference;
    constructor() {
        this.net = new pulumi.StackReference("acme/networking/dev");
    }
}
