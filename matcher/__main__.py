"""`python -m matcher <Befehl>`: the command line (see `matcher.cli`)."""

from matcher.cli import main

raise SystemExit(main())
