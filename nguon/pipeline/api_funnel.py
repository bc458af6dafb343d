"""API of the pipeline: funnel."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["pipeline"])
