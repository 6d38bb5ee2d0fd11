package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Functions of another file given the struct: its fields and methods, bound at each call.
func deployApp(ctx *pulumi.Context, setup Setup) error {
	_, err := pulumi.NewStackReference(ctx, setup.ClusterStack(), nil)
	if err != nil {
		return err
	}
	_, err = pulumi.NewStackReference(ctx, fmt.Sprintf("%s/database/%s", setup.Org, setup.Env), nil)
	return err
}

func deployJobs(ctx *pulumi.Context, setup *Setup) {
	pulumi.NewStackReference(ctx, setup.InfraStack(), nil)
}

func deployPartial(ctx *pulumi.Context, setup Setup) {
	pulumi.NewStackReference(ctx, setup.ClusterStack(), nil)
}

func orphan(ctx *pulumi.Context, setup Setup) {
	pulumi.NewStackReference(ctx, setup.InfraStack(), nil)
}
