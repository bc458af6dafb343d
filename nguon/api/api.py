"""The REST API (django-ninja): one router per app, mounted here. OpenAPI at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Nguồn API", version="1", urls_namespace="api")
