package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A variable reassigned under an if is a conditional of the two values (decided per stack).
func branches(ctx *pulumi.Context) error {
	target := "acme/networking/dev"
	if ctx.Stack() == "prod" {
		target = "acme/networking/prod"
	}
	_, err := pulumi.NewStackReference(ctx, target, nil)
	return err
}

// if/else on a value known only at run time: undecided, both values are candidates.
func undecided(ctx *pulumi.Context, prod bool) error {
	db := "acme/database/dev"
	if prod {
		db = "acme/database/prod"
	}
	_, err := pulumi.NewStackReference(ctx, db, nil)
	return err
}

// Reassigned in a loop: unknown.
func inLoop(ctx *pulumi.Context) error {
	cluster := "acme/cluster/dev"
	for i := 0; i < 1; i++ {
		cluster = "acme/cluster/prod"
	}
	_, err := pulumi.NewStackReference(ctx, cluster, nil)
	return err
}
