"""URLs of the training pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
