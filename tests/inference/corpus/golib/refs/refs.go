package refs

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Network and Database build the references of the programs that call them (a module of the repository
// that is no project: reached through `replace` in one go.mod, through go.work in another).
func Network(ctx *pulumi.Context, stack string) (*pulumi.StackReference, error) {
	return pulumi.NewStackReference(ctx, "acme/networking/"+stack, nil)
}

func Database(ctx *pulumi.Context, stack string) (*pulumi.StackReference, error) {
	return pulumi.NewStackReference(ctx, "acme/database/"+stack, nil)
}
