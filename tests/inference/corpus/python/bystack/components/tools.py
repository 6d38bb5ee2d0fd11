import pulumi

app = pulumi.StackReference(f"{pulumi.get_organization()}/{pulumi.get_project()}/app")
