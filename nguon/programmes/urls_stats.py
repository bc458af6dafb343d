"""URL of the statistics page of activities (issue 11 §5)."""

from django.urls import path

from . import views_stats

urlpatterns = [
    path("programmes/statistics/", views_stats.programme_statistics, name="programme-statistics"),
]
