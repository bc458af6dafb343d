"""URLs of the pipeline's funnel page (see nguon/pipeline/urls.py)."""

from django.urls import path

from . import views_funnel as views

urlpatterns = [
    path("succession/funnel/", views.pipeline_funnel, name="pipeline-funnel"),
]
