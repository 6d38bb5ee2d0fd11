import pulumi
from app import App

app = App()
pulumi.export("subnet", app.net.get_output("subnetId"))
