"""``python -m calc``: the same as the ``nato-calc`` command."""

import sys

from .cli import main

sys.exit(main())
