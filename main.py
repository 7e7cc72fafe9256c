"""Start Wohnraum-Matcher from a source checkout: `python main.py` (see `python main.py --help`)."""

from matcher.app import main

raise SystemExit(main())
