"""URLs of the cadre pipeline: the succession board and the pools, the rule checks, the funnel."""

from django.urls import include, path

urlpatterns = [
    path("", include("nguon.pipeline.urls_board")),
    path("", include("nguon.pipeline.urls_checks")),
    path("", include("nguon.pipeline.urls_funnel")),
]
