"""The importer's entry point, for its callers (the ``nguon import`` command, the upload pages, the bench).
The pipeline itself is in ``pipeline.py``; see ``docs/architecture.md`` for the layout."""

from __future__ import annotations

from .pipeline import import_file
from .results import ImportResult, RowError

__all__ = ["ImportResult", "RowError", "import_file"]
