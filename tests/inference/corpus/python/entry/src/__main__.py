"""The entry point is src/__main__.py (main: src/); it imports the app package."""

from app.stacks import network_ref

vpc = network_ref.get_output("vpcId")
