package main

import "testing"

func TestRefs(t *testing.T) {
	_, _ = pulumi.NewStackReference(nil, "acme/cluster/prod", nil)
}
