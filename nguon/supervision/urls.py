"""URLs of the supervision pages (Decisions 217 and 218)."""

from django.urls import path

from . import views

urlpatterns = [
    path("supervision/", views.mission_list, name="supervision-list"),
    path("supervision/missions/add/", views.mission_add, name="supervision-mission-add"),
    path("supervision/missions/<int:pk>/", views.mission_detail, name="supervision-mission-detail"),
    path("supervision/missions/<int:pk>/edit/", views.mission_edit, name="supervision-mission-edit"),
    path("supervision/overdue/", views.overdue, name="supervision-overdue"),
    path("supervision/overdue.xlsx", views.overdue_export, name="supervision-overdue-export"),
]
