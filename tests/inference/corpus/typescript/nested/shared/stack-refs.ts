import * as pulumi from "@pulumi/pulumi";

// The helpers pass their parameters on; only platformRef is called (by app/), networkRef by nobody.
export const stackRef = (project: string, stack: string) => {
  return new pulumi.StackReference(`acme/${project}/${stack}`);
};

export const currentStack = (): string => pulumi.getStack();

export const networkRef = (stack?: string) => stackRef("networking", stack || currentStack());

export const databaseRef = (stack?: string) => stackRef("database", stack || currentStack());
