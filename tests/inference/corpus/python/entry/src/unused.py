import pulumi

never = pulumi.StackReference("acme/database/prod")  # @S3
