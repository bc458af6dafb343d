"""Personal API tokens (mã truy cập API): created, listed, revoked and checked here, nowhere else.

A token is ``ngn_`` followed by 43 random URL-safe characters (256 bits). Only its SHA-256 is stored, with
its first characters (``prefix``) to recognise it in a list: the plain token is returned once, by
``token_create``, and cannot be read again. A random token of that length needs no slow hash (unlike a
password, it cannot be guessed from a dictionary); SHA-256 lets ``token_authenticate`` find it by an
indexed equality.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nguon.core.services import model_create, model_update

from .models import ApiToken

PREFIX = "ngn_"
PREFIX_LENGTH = 12  # "ngn_" and 8 random characters: what a list shows


def token_digest(plain: str) -> str:
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user: Any, name: str, acting_user: Any) -> tuple[ApiToken, str]:
    """A new token of ``user``; returns the stored row and the plain token, which is never stored and so
    can be shown only this once. Only the user herself creates her tokens."""
    if acting_user is None or acting_user.pk != user.pk:
        raise PermissionDenied(_("Only the user herself can create her API tokens."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [ValidationError(_("Give the token a name."), code="name_empty")]})
    plain = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=plain[:PREFIX_LENGTH], digest=token_digest(plain))
    return model_create(instance=token, acting_user=acting_user, source="api-token"), plain


@transaction.atomic
def token_revoke(*, token: ApiToken, acting_user: Any) -> ApiToken:
    """Revoke ``token`` (kept, with its date, for the record). Only its owner revokes it; a second revoke
    changes nothing."""
    if acting_user is None or acting_user.pk != token.user_id:
        raise PermissionDenied(_("Only the owner of an API token can revoke it."))
    if token.revoked_at is not None:
        return token
    return model_update(
        instance=token,
        fields=("revoked_at",),
        data={"revoked_at": timezone.now()},
        acting_user=acting_user,
        source="api-token",
    )


def token_list(*, user: Any) -> QuerySet[ApiToken]:
    """The tokens of ``user``, newest first (revoked ones too, marked by their date)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_get(*, user: Any, pk: int) -> ApiToken:
    """One token of ``user``; ``ApiToken.DoesNotExist`` for a token of anyone else."""
    return token_list(user=user).get(pk=pk)


def token_authenticate(*, plain: str) -> Any:
    """The active user owning the live token ``plain``, or None (unknown, revoked, or the user disabled).
    Records when the token was last used (one UPDATE by primary key)."""
    if not plain or not plain.startswith(PREFIX) or len(plain) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(plain), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    token.last_used_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token.user
