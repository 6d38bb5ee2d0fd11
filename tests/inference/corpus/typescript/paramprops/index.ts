import * as pulumi from "@pulumi/pulumi";

// Parameter properties: `private env` is also `this.env`, set as the constructor starts.
class Refs {
    constructor(private env: string, readonly org = "acme") {
        new pulumi.StackReference(`${this.org}/networking/${this.env}`);
    }

    // Read from another method: each call of it (all in this file) gives the field from its object's `new`.
    database() {
        return new pulumi.StackReference(`${this.org}/database/${this.env}`);
    }
}

const refs = new Refs(pulumi.getStack());
refs.database();
