"""The API of supervision (mounted at /api/supervision/ by nguon/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["supervision"])
