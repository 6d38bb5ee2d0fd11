import pulumi
from refs import *

pulumi.export("vpc", network.get_output("vpcId"))
