import pulumi

from infra.settings import Settings

settings = Settings()
cluster = pulumi.StackReference("acme/cluster/" + settings.environment)

changed = Settings()
changed.environment = "dev"
later = pulumi.StackReference("acme/cluster/" + changed.environment)

parts = pulumi.get_stack().split("-")
network = pulumi.StackReference(f"acme/networking/{parts[0]}")
