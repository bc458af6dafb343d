"""URLs of the elections pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
