"""``python -m tixi``: the command line."""

from tixi.cli import main

main()
