from django.urls import path

from . import views

urlpatterns = [
    path("account/tokens/", views.token_list_view, name="token-list"),
    path("account/tokens/add/", views.token_add_view, name="token-add"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke_view, name="token-revoke"),
]
