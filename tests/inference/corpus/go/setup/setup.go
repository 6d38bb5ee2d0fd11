package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The struct and its methods: the names are built from the receiver's fields.
type Setup struct {
	Env     string
	Org     string
	Project string
}

func (s Setup) InfraStack() string {
	return fmt.Sprintf("%s/networking/%s", s.Org, s.Env)
}

func (s *Setup) ClusterStack() string {
	return s.Org + "/cluster/" + s.Env
}

func (s Setup) Check(ctx *pulumi.Context) {
	pulumi.NewStackReference(ctx, fmt.Sprintf("%s/dns/%s", s.Org, s.Env), nil)
}
