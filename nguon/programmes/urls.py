"""URLs of the programmes pages."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
