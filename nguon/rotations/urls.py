"""URLs of the rotations pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
