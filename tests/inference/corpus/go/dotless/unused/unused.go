package unused

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Old is in a package nothing imports: not run.
func Old(ctx *pulumi.Context) error {
	_, err := pulumi.NewStackReference(ctx, "acme/dns/prod", nil)
	return err
}
