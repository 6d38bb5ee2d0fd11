"""A module of no project that the producers/pyshared program imports: its exports are the program's."""

import pulumi

pulumi.export("sharedKey", "from-shared")
