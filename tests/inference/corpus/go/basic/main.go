package main

import (
	"fmt"
	"os"
	"strings"

	"example.com/acme/go-basic/internal/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

const sharedStack = "acme/shared/global"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		org := cfg.Require("org")
		// A literal.
		lit, err := pulumi.NewStackReference(ctx, "acme/networking/prod", nil) // @S1
		if err != nil {
			return err
		}
		// fmt.Sprintf with the current stack.
		cur, _ := pulumi.NewStackReference(ctx, fmt.Sprintf("%s/database/%s", org, ctx.Stack()), nil) // @S2
		// The whole name from config (package-level function).
		whole, _ := pulumi.NewStackReference(ctx, config.Require(ctx, "networkStack"), nil) // @S3
		// The Args form: the second argument is only the resource name.
		args, _ := pulumi.NewStackReference(ctx, "cluster", &pulumi.StackReferenceArgs{ // @S4
			Name: pulumi.String("acme/cluster/" + ctx.Stack()),
		})
		// A package constant.
		shared, _ := pulumi.NewStackReference(ctx, sharedStack, nil) // @S5
		// A default for an unset key.
		dbEnv := cfg.Get("dbEnv")
		if dbEnv == "" {
			dbEnv = ctx.Stack()
		}
		db, _ := pulumi.NewStackReference(ctx, "acme/database/"+dbEnv, nil) // @S6
		// strings.Join and the organization.
		joined, _ := pulumi.NewStackReference(ctx, strings.Join([]string{ctx.Organization(), "networking", ctx.Stack()}, "/"), nil) // @S7
		// A foreign namespace (a secret in prod).
		infra := config.New(ctx, "infra")
		foreign, _ := pulumi.NewStackReference(ctx, infra.Require("cluster"), nil) // @S8
		// An environment variable.
		env, _ := pulumi.NewStackReference(ctx, os.Getenv("NET_STACK"), nil) // @S9
		// A constant and a helper of another package of the module.
		pkgConst, _ := pulumi.NewStackReference(ctx, stacks.DNS, nil) // @S10
		named, _ := pulumi.NewStackReference(ctx, stacks.Name(ctx, "cluster"), nil) // @S11
		// A helper in another file of this package, called twice.
		net := ref(ctx, "networking")
		cluster := ref(ctx, "cluster")
		ctx.Export("vpc", lit.GetOutput(pulumi.String("vpcId")))
		_ = []interface{}{cur, whole, args, shared, db, joined, foreign, env, pkgConst, named, net, cluster}
		// old, _ := pulumi.NewStackReference(ctx, "acme/cluster/prod", nil)
		return nil
	})
}
