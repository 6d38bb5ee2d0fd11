package infra

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Load reads the network of this stack (a package of `module app`: go.mod has no dot in its path).
func Load(ctx *pulumi.Context) (pulumi.StringOutput, error) {
	ref, err := pulumi.NewStackReference(ctx, "acme/networking/"+ctx.Stack(), nil)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return ref.GetStringOutput(pulumi.String("vpcId")), nil
}
