package main

import (
	"fmt"

	"app/infra"
	"app/names"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		vpc, err := infra.Load(ctx)
		if err != nil {
			return err
		}
		ctx.Export("vpc", vpc)
		db, err := pulumi.NewStackReference(ctx, fmt.Sprintf("acme/%s/%s", names.Database, ctx.Stack()), nil)
		if err != nil {
			return err
		}
		ctx.Export("host", db.GetStringOutput(pulumi.String("host")))
		return nil
	})
}
