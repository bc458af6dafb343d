from django.urls import path

from . import views

urlpatterns = [
    path("people/", views.person_list_view, name="person-list"),
    path("people/export.xlsx", views.person_list_xlsx, name="person-list-xlsx"),
    path("people/add/", views.person_add, name="person-add"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/export/", views.person_export, name="person-export"),
    path("people/<int:pk>/tenures/add/", views.tenure_add, name="tenure-add"),
    path("tenures/<int:pk>/end/", views.tenure_end, name="tenure-end"),
]
