// Build output: never source of the program.
class Generated { object x = new Pulumi.StackReference("acme/cluster/prod"); }
