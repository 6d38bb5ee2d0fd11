package main

import (
	"example.com/golib/refs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		_, err := refs.Database(ctx, "prod")
		return err
	})
}
