"""`python -m conformance` is `qlvb-conformance`."""

from conformance.cli import main

raise SystemExit(main())
