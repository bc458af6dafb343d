"""The API of support (mounted at /api/support/ by nguon/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["support"])
