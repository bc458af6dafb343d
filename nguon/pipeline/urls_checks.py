"""URLs of the pipeline's checks pages (see nguon/pipeline/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
