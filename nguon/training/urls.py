"""URLs of the training pages (courses, classes, participants)."""

from django.urls import path

from . import views

urlpatterns = [
    path("training/", views.training_list, name="training-list"),
    path("training/courses/add/", views.course_add, name="training-course-add"),
    path("training/courses/<int:pk>/", views.course_detail, name="training-course-detail"),
    path("training/courses/<int:pk>/edit/", views.course_edit, name="training-course-edit"),
    path("training/courses/<int:pk>/sessions/add/", views.session_add, name="training-session-add"),
    path("training/sessions/<int:pk>/", views.session_detail, name="training-session-detail"),
    path("training/sessions/<int:pk>/edit/", views.session_edit, name="training-session-edit"),
    path(
        "training/sessions/<int:pk>/participants/add/", views.participant_add, name="training-participant-add"
    ),
    path("training/sessions/<int:pk>/people/", views.person_search_view, name="training-person-search"),
    path(
        "training/sessions/<int:pk>/participants.xlsx", views.session_export, name="training-session-export"
    ),
    path(
        "training/participants/<int:pk>/result/", views.participant_result, name="training-participant-result"
    ),
    path(
        "training/participants/<int:pk>/remove/", views.participant_remove, name="training-participant-remove"
    ),
]
