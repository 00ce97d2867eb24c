"""``python -m panelist``."""

from panelist.cli import main

main()
