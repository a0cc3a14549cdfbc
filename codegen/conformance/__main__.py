"""``python -m codegen.conformance``: print ``conformance <area>: <passed>/<total>`` per area."""

from codegen.conformance.runner import main

raise SystemExit(main())
