import os
import sys

# The program adds a folder to the import path: which modules it runs is no longer known, so all count.
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))

import refs  # noqa: E402

network = refs.network
