"""URLs of the pipeline's checks pages (see nguon/pipeline/urls.py)."""

from django.urls import path

from . import views_checks as views

urlpatterns = [
    path("succession/checks/", views.pipeline_checks, name="pipeline-checks"),
    path(
        "succession/checks/entries/<int:pk>/propose/",
        views.pipeline_check_propose,
        name="pipeline-check-propose",
    ),
]
