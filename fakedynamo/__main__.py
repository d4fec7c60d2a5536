"""`python -m fakedynamo serve`: see fakedynamo.cli."""

import sys

from fakedynamo.cli import main

sys.exit(main())
