"""`python -m concierge WORDS...` is `concierge WORDS...`."""
import sys

from concierge.cli import main

sys.exit(main())
