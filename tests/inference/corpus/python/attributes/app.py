import pulumi


class App:
    def __init__(self):
        self.net = pulumi.StackReference("acme/networking/dev")
        self.vpc = self.net.get_output("vpcId")
