"""URLs of the elections pages (names prefixed "election-")."""

from django.urls import path

from . import views

urlpatterns = [
    path("elections/", views.election_list, name="election-list"),
    path("organizations/<int:pk>/elections/add/", views.election_add, name="election-add"),
    path("elections/<int:pk>/", views.election_detail, name="election-detail"),
    path("elections/<int:pk>/candidates/add/", views.election_candidate_add, name="election-candidate-add"),
    path("elections/<int:pk>/people/", views.election_person_search, name="election-person-search"),
    path("elections/<int:pk>/status/", views.election_status, name="election-status"),
    path("elections/<int:pk>/results/", views.election_results, name="election-results"),
    path("elections/<int:pk>/xlsx/", views.election_xlsx, name="election-xlsx"),
    path("candidates/<int:pk>/remove/", views.election_candidate_remove, name="election-candidate-remove"),
    path("terms/<int:pk>/appointed/", views.election_term_appointed, name="election-term-appointed"),
]
