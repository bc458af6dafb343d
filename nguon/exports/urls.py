from django.urls import path

from . import views

urlpatterns = [
    path("exports/", views.export_list, name="export-list"),
    path("templates/import.xlsx", views.template_download, name="template-download"),
    path("exports/people-tenures.xlsx", views.export_people_tenures, name="export-people-tenures"),
]
