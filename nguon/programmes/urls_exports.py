from django.urls import path

from . import views_exports

urlpatterns = [
    path("activities/export.xlsx", views_exports.activity_export, name="activity-export"),
]
