import os
import sys

# A folder outside the project put on the import path: its modules are this program's.
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "pyshared"))

import refs  # noqa: E402

network = refs.network
