"""Permissions follow the role: a user holding the administrator role has every permission, as a superuser
does, so that the Django admin (for administrators only) opens every model for her."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .scope import scope_for


class RoleBackend(ModelBackend):
    """Authenticates nothing itself (the ModelBackend after axes does); grants all permissions to active
    users with the administrator role (``scope.is_admin``)."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return bool(user_obj.is_active and scope_for(user_obj).is_admin)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return bool(user_obj.is_active and scope_for(user_obj).is_admin)
