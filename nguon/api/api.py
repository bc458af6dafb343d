"""The REST API (django-ninja): one router per app, mounted here. OpenAPI at /api/openapi.json, its docs at
/api/docs (Swagger UI vendored in nguon/api/static/api, no CDN, no inline script).

Every operation needs a login (a session, with its CSRF token for writes) or a personal API token, and
reads and writes only through the selectors and services of the caller's scope (``nguon.api.auth``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer

from nguon.areas.api import router as areas_router
from nguon.core.scope import Level
from nguon.elections.api import router as elections_router
from nguon.indicators.api import router as indicators_router
from nguon.organizations.api import router as organizations_router
from nguon.people.api import router as people_router
from nguon.pipeline.api import router as pipeline_router
from nguon.pipeline.api_checks import router as pipeline_checks_router
from nguon.pipeline.api_funnel import router as pipeline_funnel_router
from nguon.pipeline.api_pools import router as pipeline_pools_router
from nguon.programmes.api import router as programmes_router
from nguon.programmes.api_stats import router as programmes_stats_router
from nguon.reports.api import router as reports_router
from nguon.rotations.api import router as rotations_router
from nguon.supervision.api import router as supervision_router
from nguon.support.api import router as support_router
from nguon.training.api import router as training_router

from . import errors
from .auth import AUTH

SWAGGER_UI = "api/swagger-ui-5.35.0"


class LocalDocs(DocsBase):
    """Swagger UI from the vendored files; the page's script is a static file (the CSP allows no inline
    script)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs), "swagger_ui": SWAGGER_UI}
        return render(request, "api/docs.html", context)


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Vietnamese as it is, as the old JSON views wrote it


class NguonAPI(NinjaAPI):
    """The API, whose URL patterns say how they are scoped (``nguon.core.access``): the docs and the schema
    are public, every operation is scoped (it authenticates and reads through ``api_scope``)."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            callback: Any = getattr(pattern, "callback", None)
            if callback is None:
                continue
            if getattr(pattern, "name", "") in ("openapi-json", "openapi-view", "api-root"):
                callback.nguon_public = True
            else:
                callback.nguon_scoped = Level.ANALYSE
        return patterns


api = NguonAPI(
    title="Nguồn API",
    version="1",
    description=(
        "The registry of Nguồn: areas, organizations, bodies, terms, posts, people, tenures and indicators, "
        "inside the caller's area of work. Authenticate with a personal API token "
        "(Authorization: Bearer ngn_…; create one on the page 'My account and API tokens') or a logged-in "
        "session. Dates are written YYYY-MM-DD and read as YYYY-MM-DD or dd/mm/yyyy."
    ),
    urls_namespace="api",
    auth=AUTH,
    docs=LocalDocs(),
    renderer=Renderer(),
)
errors.install(api)

api.add_router("", areas_router)
api.add_router("", organizations_router)
api.add_router("", people_router)
api.add_router("", indicators_router)
api.add_router("", pipeline_router)
api.add_router("", pipeline_pools_router)
api.add_router("", pipeline_checks_router)
api.add_router("", pipeline_funnel_router)
api.add_router("", training_router)
api.add_router("", elections_router)
api.add_router("", rotations_router)
api.add_router("", programmes_stats_router)
api.add_router("", programmes_router)
api.add_router("", supervision_router)
api.add_router("", support_router)
api.add_router("", reports_router)
