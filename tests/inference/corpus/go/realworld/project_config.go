package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// Config of the project's own namespace, named by ctx.Project().
func projectConfig(ctx *pulumi.Context) error {
	cfg := config.New(ctx, ctx.Project())
	org := cfg.Require("org")
	_, err := pulumi.NewStackReference(ctx, fmt.Sprintf("%v/cluster/%v", org, ctx.Stack()), nil)
	return err
}
