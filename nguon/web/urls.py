from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("areas/", views.area_list, name="area-list"),
    path("areas/<int:pk>/", views.area_detail, name="area-detail"),
    path("areas/<int:pk>/children/", views.area_children, name="area-children"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
]
