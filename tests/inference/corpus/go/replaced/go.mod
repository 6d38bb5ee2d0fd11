module example.com/infra/replaced

go 1.21

require (
	example.com/golib v0.0.0
	github.com/pulumi/pulumi/sdk/v3 v3.100.0
)

replace example.com/golib => ../../golib
