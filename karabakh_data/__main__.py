"""python -m karabakh_data: the same command line as `karabakh-data`."""

from .cli import main

raise SystemExit(main())
