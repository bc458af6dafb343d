"""The ``nguon`` command: Django's management commands under the project's name.

``nguon demo``, ``nguon areas load``, ``nguon migrate``, ``nguon createsuperuser`` …
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command with the project's settings (development settings by default)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nguon.config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nguon", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
