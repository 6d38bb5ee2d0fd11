package main

import (
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A setup struct made here carries the organization and the stack into the other files of the package.
func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		setup := Setup{Env: ctx.Stack(), Org: "acme", Project: ctx.Project()}
		net, err := pulumi.NewStackReference(ctx, setup.InfraStack(), nil)
		if err != nil {
			return err
		}
		_ = net
		db, _ := pulumi.NewStackReference(ctx, setup.Org+"/database/"+setup.Env, nil)
		_ = db
		if err := deployApp(ctx, setup); err != nil {
			return err
		}
		setup.Check(ctx)
		deployJobs(ctx, &Setup{Env: os.Getenv("JOBS_ENV"), Org: "acme"})
		deployPartial(ctx, Setup{Org: "acme"})
		return nil
	})
}
