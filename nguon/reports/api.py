"""The reports' API (django-ninja router, mounted at /api/ by nguon.api.api)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reports"])
