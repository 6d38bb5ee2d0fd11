import pulumi

# A member of a structured config value.
platform = pulumi.Config().require_object("platform")
upstream = pulumi.StackReference(platform["upstream"])
fallback = pulumi.StackReference(platform.get("missing", "acme/cluster/prod"))
