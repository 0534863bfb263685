"""`python -m teambuilder ...` runs the command line."""

import sys

from teambuilder.cli import main

sys.exit(main())
