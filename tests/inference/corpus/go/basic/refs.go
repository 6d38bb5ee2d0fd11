package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func ref(ctx *pulumi.Context, project string) *pulumi.StackReference {
	r, _ := pulumi.NewStackReference(ctx, fmt.Sprintf("acme/%s/%s", project, ctx.Stack()), nil) // @S12
	return r
}
