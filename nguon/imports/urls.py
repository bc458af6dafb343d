from django.urls import path

from . import views

urlpatterns = [
    path("imports/", views.import_upload, name="import-upload"),
    path("imports/<int:pk>/", views.import_preview, name="import-preview"),
    path("imports/progress/<str:token>/", views.import_progress, name="import-progress"),
    path("imports/<int:pk>/errors.xlsx", views.import_errors, name="import-errors"),
    path("imports/<int:pk>/file", views.import_original, name="import-original"),
]
