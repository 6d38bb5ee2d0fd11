package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var env = "prod"

// A loop variable or a second result hides the package-level name it shares.
func regions(ctx *pulumi.Context, envs []string) error {
	for _, env := range envs {
		if _, err := pulumi.NewStackReference(ctx, fmt.Sprintf("acme/networking/%s", env), nil); err != nil {
			return err
		}
	}
	ok, env := lookup()
	_ = ok
	_, err := pulumi.NewStackReference(ctx, "acme/database/"+env, nil)
	return err
}

func lookup() (bool, string) { return true, "dev" }

func fixed(ctx *pulumi.Context) error {
	_, err := pulumi.NewStackReference(ctx, "acme/cluster/"+env, nil)
	return err
}
