"""URLs of the pipeline's board pages (see nguon/pipeline/urls.py): the succession board, the pools, the
annual review rounds."""

from django.urls import path

from . import views_board as views

urlpatterns = [
    path("succession/", views.succession_index, name="succession-index"),
    path("organizations/<int:pk>/succession/", views.succession_board, name="succession-board"),
    path("organizations/<int:pk>/pools/add/", views.pool_add, name="pool-add"),
    path("pools/<int:pk>/", views.pool_detail, name="pool-detail"),
    path("pools/<int:pk>/edit/", views.pool_edit, name="pool-edit"),
    path("pools/<int:pk>/entries/add/", views.pool_entry_add, name="pool-entry-add"),
    path("pools/<int:pk>/people/", views.pool_person_search, name="pool-person-search"),
    path("entries/<int:pk>/move/", views.pool_entry_move, name="pool-entry-move"),
    path("entries/<int:pk>/remove/", views.pool_entry_remove, name="pool-entry-remove"),
    path("entries/<int:pk>/fulfil/", views.pool_entry_fulfil, name="pool-entry-fulfil"),
    path("organizations/<int:pk>/rounds/", views.review_list, name="review-list"),
    path("rounds/<int:pk>/", views.review_detail, name="review-detail"),
    path("rounds/<int:pk>/proposals/add/", views.review_propose, name="review-propose"),
    path("rounds/<int:pk>/people/", views.review_person_search, name="review-person-search"),
    path("rounds/<int:pk>/approve/", views.review_approve, name="review-approve"),
]
