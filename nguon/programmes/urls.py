"""URLs of the programmes pages: joint programmes, their progress, activities and their files."""

from django.urls import path

from . import views

urlpatterns = [
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/add/", views.programme_add, name="programme-add"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/goals/add/", views.programme_goal_add, name="programme-goal-add"),
    path("programmes/goals/<int:pk>/edit/", views.programme_goal_edit, name="programme-goal-edit"),
    path("programmes/<int:pk>/plans/<int:year>/", views.programme_year_plan, name="programme-year-plan"),
    path("programmes/<int:pk>/progress/", views.programme_progress, name="programme-progress"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/add/", views.activity_add, name="activity-add"),
    path("activities/quick/", views.activity_quick_add, name="activity-quick-add"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity-delete"),
    path("activities/files/<int:pk>/", views.activity_file, name="activity-file"),
    path("activities/files/<int:pk>/remove/", views.activity_file_remove, name="activity-file-remove"),
]
