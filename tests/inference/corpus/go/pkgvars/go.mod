module example.com/acme/go-pkgvars

go 1.22

require github.com/pulumi/pulumi/sdk/v3 v3.100.0
