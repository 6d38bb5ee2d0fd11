package refs

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Cluster: "net/refs" is this module's (`module net`); the standard library has no such package.
func Cluster(ctx *pulumi.Context) error {
	_, err := pulumi.NewStackReference(ctx, "acme/cluster/"+ctx.Stack(), nil)
	return err
}
