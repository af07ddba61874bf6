"""python -m data.importer FILE [--dry-run] [--user NAME] [--lang az|en]  (see data/importer/cli.py)."""

import sys

from data.importer.cli import main

sys.exit(main())
