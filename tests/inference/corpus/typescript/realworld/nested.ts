import * as pulumi from "@pulumi/pulumi";

// The only `return` is the callback's: the function itself returns nothing to inline.
function pick(names: string[]): string {
    names.forEach((n) => {
        return `acme/networking/${n}`;
    });
    throw new Error("none");
}
export const picked = new pulumi.StackReference(pick(["dev"]));
