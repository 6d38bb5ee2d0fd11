import pulumi

# A name reassigned under an if is a conditional of the two values; in a loop it is unknown.
target = "networking/dev"
if pulumi.get_stack() == "prod":
    target = "networking/prod"
net = pulumi.StackReference(f"acme/{target}")

if pulumi.get_stack() == "prod":
    db = "acme/database/prod"
else:
    db = "acme/database/dev"
database = pulumi.StackReference(db)

cluster = "acme/cluster/dev"
while False:
    cluster = "acme/cluster/prod"
cluster_ref = pulumi.StackReference(cluster)
