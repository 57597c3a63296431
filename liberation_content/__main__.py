"""``python -m liberation_content``: the same as the ``liberation-content`` command."""

from liberation_content.cli import main

raise SystemExit(main())
