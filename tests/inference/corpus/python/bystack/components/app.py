import pulumi

network = pulumi.StackReference(f"{pulumi.get_organization()}/py-bystack/net")
database = pulumi.StackReference(f"acme/database/{'prod' if pulumi.get_stack() == 'app' else 'dev'}")
