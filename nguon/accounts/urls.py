from django.contrib.auth import views as auth_views
from django.urls import path

from nguon.core.access import public

from . import views

urlpatterns = [
    path(
        "login/",
        public(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html", redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("account/", views.account, name="account"),
    path("users/", views.user_list, name="user-list"),
]
