from pulumi import StackReference as Ref

# The constructor imported under another name is still a StackReference.
aliased = Ref("acme/dns/prod")
