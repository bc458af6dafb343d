from django.contrib.auth import views as auth_views
from django.urls import path

from nguon.core.access import public

from . import lockout, views

urlpatterns = [
    path("login/", public(lockout.LoginView.as_view()), name="login"),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    # Before admin/ in nguon.config.urls: the admin's login is the site's (see accounts.lockout).
    path("admin/login/", public(lockout.admin_login_redirect), name="admin-login"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password-change"),
    path("users/", views.user_list, name="user-list"),
    path("users/add/", views.user_add, name="user-add"),
    path("users/area-options/", views.area_options, name="area-options"),
    path("users/<int:pk>/", views.user_detail, name="user-detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user-edit"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user-deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="user-reactivate"),
    path("users/<int:pk>/password/", views.user_password_reset, name="user-password-reset"),
    path("users/<int:pk>/assignments/add/", views.assignment_add, name="assignment-add"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment-edit"),
    path("assignments/<int:pk>/delete/", views.assignment_delete, name="assignment-delete"),
    path("access-log/", views.access_log, name="access-log"),
]
