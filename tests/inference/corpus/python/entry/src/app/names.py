import pulumi

cluster_name = "acme/cluster/" + ("prod" if pulumi.get_stack() == "prod" else "dev")
