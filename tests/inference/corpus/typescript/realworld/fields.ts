import * as pulumi from "@pulumi/pulumi";

// `this.x` given one value in its class: a field initializer, or one assignment in the constructor.
export class Platform {
    private readonly env = pulumi.getStack();
    private target: string;
    private unset: string | undefined;

    constructor() {
        this.target = "acme/dns/prod";
        new pulumi.StackReference(`acme/networking/${this.env}`);
        new pulumi.StackReference(`acme/database/${this.unset}`);
    }

    dns(): pulumi.StackReference {
        return new pulumi.StackReference(this.target);
    }
}
