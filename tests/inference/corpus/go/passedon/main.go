package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A StackReference passed to a function of the file that only reads keys on it: those keys are read (go_readers.py).
func vpcOf(ref *pulumi.StackReference) pulumi.StringOutput {
	return ref.GetStringOutput(pulumi.String("vpcId"))
}

func lookup(ctx *pulumi.Context, project string) (*pulumi.StackReference, error) {
	r, err := pulumi.NewStackReference(ctx, "acme/"+project+"/"+ctx.Stack(), nil)
	return r, err
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		net, err := pulumi.NewStackReference(ctx, "acme/networking/"+ctx.Stack(), nil)
		if err != nil {
			return err
		}
		ctx.Export("vpc", vpcOf(net))
		cluster, _ := pulumi.NewStackReference(ctx, "acme/cluster/prod", nil)
		ctx.Export("endpoint", cluster.GetStringOutput(pulumi.String("endpoint")))
		if cluster == nil {
			return nil
		}
		dns, _ := pulumi.NewStackReference(ctx, "acme/dns/prod", nil)
		all := []*pulumi.StackReference{dns}
		db, _ := lookup(ctx, "database")
		ctx.Export("db", db.GetStringOutput(pulumi.String("host")))
		svc, _ := lookup(ctx, "cluster")
		ctx.Export("svc", svc)
		_ = []interface{}{all, net}
		return nil
	})
}
