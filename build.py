#!/usr/bin/env python3
"""Roll Call's single entry point: `python build.py --help`."""

import sys

from rollcall.cli import main

if __name__ == "__main__":
    sys.exit(main())
