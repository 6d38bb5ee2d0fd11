package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func dnsRef(ctx *pulumi.Context, env string) (*pulumi.StackReference, error) {
	return pulumi.NewStackReference(ctx, fmt.Sprintf("acme/dns/%s", env), nil)
}

// A helper that passes its parameter on to the helper holding the reference.
func setupDNS(ctx *pulumi.Context, env string) error {
	_, err := dnsRef(ctx, env)
	return err
}

func levels(ctx *pulumi.Context) error {
	return setupDNS(ctx, "prod")
}
