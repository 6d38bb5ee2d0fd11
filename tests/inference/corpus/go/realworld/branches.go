package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A variable reassigned under an if (other than the `if v == "" { v = d }` default) is unknown.
func branches(ctx *pulumi.Context) error {
	target := "acme/networking/dev"
	if ctx.Stack() == "prod" {
		target = "acme/networking/prod"
	}
	_, err := pulumi.NewStackReference(ctx, target, nil)
	return err
}
