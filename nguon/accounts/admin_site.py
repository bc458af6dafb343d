"""Django's admin is for system administrators only (the role administrator, or a superuser)."""

from __future__ import annotations

from django.http import HttpRequest

from .scope import scope_for


def admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and scope_for(user).is_admin)
