import pulumi

# A dict the program changes after creating it is not read as written.
TARGETS = {"dev": "acme/networking/dev", "prod": "acme/networking/prod"}
TARGETS["prod"] = "acme/networking/staging"
changed = pulumi.StackReference(TARGETS[pulumi.get_stack()])
