"""Writes of the reports app: render, issue (the context and the file kept with their hashes), compare an
issued report with today's data, upload a template, run a batch. Placeholder: being written."""

from __future__ import annotations
