"""Reads of the reports app (issued reports, templates, batches) inside the reader's scope. Placeholder."""

from __future__ import annotations
