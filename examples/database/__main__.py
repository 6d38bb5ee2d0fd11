"""database: the application's PostgreSQL database, one per environment.

A real program would create a managed database with a cloud provider. This one
only computes what such a database would export, so it deploys anywhere.
"""

import pulumi

config = pulumi.Config()
stack = pulumi.get_stack()

# Same organization, same environment: database/dev reads networking/dev.
network = pulumi.StackReference(f"{pulumi.get_organization()}/networking/{stack}")
vpc_id = network.require_output("vpcId")

db_name = config.get("dbName") or "app"
db_port = config.get_int("port") or 5432
instance_class = config.require("instanceClass")

# A real program would use a generated password (pulumi_random.RandomPassword).
# Here it is derived from config so deployments stay deterministic; it is
# exported as a secret, so it is encrypted in the state and never printed.
password_seed = config.get("passwordSeed") or "example-seed"
db_password = pulumi.Output.secret(f"{password_seed}-{stack}-{db_name}-pw")

# e.g. "app-dev.vpc-dev-10-0.db.internal"
db_host = vpc_id.apply(lambda vpc: f"{db_name}-{stack}.{vpc}.db.internal")

pulumi.export("dbHost", db_host)
pulumi.export("dbPort", db_port)
pulumi.export("dbName", db_name)
pulumi.export("instanceClass", instance_class)
pulumi.export("dbPassword", db_password)
