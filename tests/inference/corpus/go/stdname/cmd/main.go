package main

import (
	"net/http"
	"net/refs"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		ctx.Export("method", pulumi.String(http.MethodGet))
		return refs.Cluster(ctx)
	})
}
