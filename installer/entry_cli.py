"""Frozen entry point of ``painclinic`` (the command line)."""

import sys

from painclinic_desktop.cli import main

sys.exit(main())
