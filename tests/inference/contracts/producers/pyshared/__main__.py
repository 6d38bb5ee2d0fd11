import os
import sys

import pulumi

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared"))

import outputs  # noqa: F401 - imported for the outputs it exports

pulumi.export("vpcId", "vpc-1")
