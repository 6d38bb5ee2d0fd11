package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		net, err := pulumi.NewStackReference(ctx, "acme/producers-go/dev", nil)
		if err != nil {
			return err
		}
		ctx.Export("vpc", net.GetStringOutput(pulumi.String("vpcId")))
		ctx.Export("db", net.GetOutput(pulumi.String("dbHots")))
		opened, err := pulumi.NewStackReference(ctx, "acme/open-go/dev", nil)
		if err != nil {
			return err
		}
		ctx.Export("other", opened.GetOutput(pulumi.String("vpcId")))
		return nil
	})
}

func more(ctx *pulumi.Context) {
	mapped, _ := pulumi.NewStackReference(ctx, "acme/producers-go/dev", nil)
	_ = mapped.Outputs.MapIndex(pulumi.String("vpcID"))
	opaque, _ := pulumi.NewStackReference(ctx, "acme/producers-go/dev", nil)
	_ = opaque.Outputs // not read: counted as not checked
	passed, _ := pulumi.NewStackReference(ctx, "acme/producers-go/dev", nil)
	_ = zoneOf(passed) // passed to a function of the file that only reads keys on it: zoneId is read
}

func zoneOf(ref *pulumi.StackReference) pulumi.StringOutput {
	return ref.GetStringOutput(pulumi.String("zoneId"))
}
