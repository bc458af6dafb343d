from django.urls import path

from . import views

urlpatterns = [
    path("indicators/", views.indicator_table_page, name="indicator-table"),
    path("indicators/cell/", views.indicator_cell, name="indicator-cell"),
    path("indicators/areas/", views.indicator_area_search, name="indicator-area-search"),
]
