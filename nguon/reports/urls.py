"""URLs of the report pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
