"""``python -m painclinic_desktop`` starts the desktop app."""

import sys

from .app import main

sys.exit(main())
