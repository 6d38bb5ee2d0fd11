import pulumi

DB = "dbHost"
pulumi.export("vpcId", "vpc-1")
pulumi.export(DB, "db.internal")
