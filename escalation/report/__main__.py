"""``python -m escalation.report``."""

import sys

from .cli import main

sys.exit(main())
