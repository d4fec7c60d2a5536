import sys

from fakedynamo.cli import main

sys.exit(main())
