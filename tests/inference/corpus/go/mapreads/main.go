package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Output keys read through the map of outputs, and uses of it the scan cannot read.
func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		net, err := pulumi.NewStackReference(ctx, "acme/networking/"+ctx.Stack(), nil)
		if err != nil {
			return err
		}
		ctx.Export("vpc", net.Outputs.MapIndex(pulumi.String("vpcId")))
		ctx.Export("count", net.GetIntOutput(pulumi.String("subnetCount")))
		cluster, _ := pulumi.NewStackReference(ctx, "acme/cluster/prod", nil)
		ctx.Export("all", cluster.Outputs)
		dns, _ := pulumi.NewStackReference(ctx, "acme/dns/prod", nil)
		key := "zoneId"
		ctx.Export("zone", dns.GetStringOutput(pulumi.String(key)))
		return nil
	})
}
