package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const DNS = "acme/dns/prod"

func Name(ctx *pulumi.Context, project string) string {
	return fmt.Sprintf("acme/%s/%s", project, ctx.Stack())
}
