import { infraStack } from "@acme/refs-lib/src/infra";

// Shape of hyperledger-labs/splice: dotted stack names, a package's module imported by its deep path.
export const auth = infraStack.requireOutput("auth0");
