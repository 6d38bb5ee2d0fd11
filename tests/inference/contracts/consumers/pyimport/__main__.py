import pulumi
from refs import net

pulumi.export("seen", [net.get_output("vpcId"), net.get_output("dbhost")])
