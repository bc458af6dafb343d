"""The API of programmes (mounted at /api/programmes/ by nguon/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["programmes"])
