"""api: the shop's backend service, running on the cluster, using the database.

A real program would deploy the service onto the cluster with the Kubernetes
provider. This one only computes its URL and connection settings, so it
deploys anywhere.
"""

import pulumi

config = pulumi.Config()


def ref(project: str) -> pulumi.StackReference:
    """Reference the stack of `project` in this stack's organization and environment."""
    return pulumi.StackReference(f"{pulumi.get_organization()}/{project}/{pulumi.get_stack()}")


database = ref("database")  # api/dev reads database/dev
cluster = ref("cluster")  # api/dev reads cluster/dev

db_host = database.require_output("dbHost")
db_port = database.require_output("dbPort").apply(int)  # numbers arrive as floats
db_name = database.require_output("dbName")
db_password = database.require_output("dbPassword")  # a secret: stays a secret here
cluster_endpoint = cluster.require_output("clusterEndpoint")

namespace = config.get("namespace") or "shop"
replicas = config.get_int("replicas") or 1

# The health endpoint, served through the cluster and naming the database it checks, e.g.
# "https://k8s-dev.vpc-dev-10-0.k8s.internal:6443/shop/api/healthz?db=shop-dev.vpc-dev-10-0.db.internal"
api_url = pulumi.Output.format("{0}/{1}/api/healthz?db={2}", cluster_endpoint, namespace, db_host)

# The connection string holds the password, so it is exported as a secret.
database_url = pulumi.Output.secret(
    pulumi.Output.format("postgresql://api:{0}@{1}:{2}/{3}", db_password, db_host, db_port, db_name)
)

pulumi.export("apiUrl", api_url)
pulumi.export("replicas", replicas)
pulumi.export("databaseUrl", database_url)
