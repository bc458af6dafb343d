"""URLs of the pipeline's funnel pages (see nguon/pipeline/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
