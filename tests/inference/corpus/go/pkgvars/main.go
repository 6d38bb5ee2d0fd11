package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Package-level variables set in main: one read in another file of the package, one only here.
var network *pulumi.StackReference
var dns *pulumi.StackReference

type refs struct{ cluster *pulumi.StackReference }

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		var err error
		network, err = pulumi.NewStackReference(ctx, "acme/networking/"+ctx.Stack(), nil)
		if err != nil {
			return err
		}
		dns, err = pulumi.NewStackReference(ctx, "acme/dns/prod", nil)
		if err != nil {
			return err
		}
		ctx.Export("zone", dns.GetStringOutput(pulumi.String("zoneId")))
		r := refs{}
		r.cluster, err = pulumi.NewStackReference(ctx, "acme/cluster/prod", nil)
		ctx.Export("vpc", vpc())
		return err
	})
}
