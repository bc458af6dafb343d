"""API of the pipeline: pools."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["pipeline"])
