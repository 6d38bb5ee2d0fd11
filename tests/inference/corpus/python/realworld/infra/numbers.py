import pulumi

# `+` of numbers adds them: not a name.
VERSION = 1
network = pulumi.StackReference(f"acme/networking/v{VERSION + 1}")
