"""URLs of the rotation and transfer pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("rotations/", views.move_list, name="move-list"),
    path("rotations/add/", views.move_decision_add, name="move-decision-add"),
    path("rotations/<int:pk>/", views.move_decision_detail, name="move-decision-detail"),
    path("rotations/<int:pk>/moves/add/", views.move_add, name="move-add"),
    path("rotations/<int:pk>/apply/", views.move_apply, name="move-apply"),
    path("rotations/moves/<int:pk>/remove/", views.move_remove, name="move-remove"),
]
