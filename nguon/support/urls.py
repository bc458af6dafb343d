"""URLs of the support pages (support to cadres; restricted)."""

from django.urls import path

from . import views

urlpatterns = [
    path("support/", views.support_list, name="support-list"),
    path("support/export.xlsx", views.support_export, name="support-export"),
    path("support/counts.xlsx", views.counts_export, name="support-counts-export"),
    path("support/cases/add/", views.case_add, name="support-case-add"),
    path("support/cases/<int:pk>/", views.case_detail, name="support-case-detail"),
    path("support/cases/<int:pk>/edit/", views.case_edit, name="support-case-edit"),
    path("support/cases/<int:pk>/support/add/", views.support_add, name="support-given-add"),
]
