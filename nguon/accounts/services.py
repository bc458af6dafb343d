"""Writes to accounts: users and their assignments, by managers inside their scope and by administrators.

Every service takes ``acting_user`` and refuses (``PermissionDenied``, in Vietnamese) what lies outside her
manager scope (nguon.accounts.selectors, "who manages whom"): a manager gives only assignments inside one
of her own, never the role administrator, never to herself — she can never widen her own rights nor reach
a user outside. ``acting_user`` None (the command line, the demo loader) is trusted. Each write leaves an
audit record; a password is never written to the trail, only the fact that it changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.audit import Actor, audit_record, snapshot
from nguon.core.models import AuditAction, AuditRecord
from nguon.core.scope import Level, Scope
from nguon.core.services import (
    Errors,
    add_error,
    check_fields,
    model_create,
    model_delete,
    model_update,
    raise_errors,
)
from nguon.organizations.choices import OrganizationKind

from .choices import Role
from .models import Assignment
from .scope import scope_of
from .selectors import managed_user_ids, scope_covers_assignment

#: Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
PASSWORD_CHARS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12
HIDDEN = "***"

#: What ``user_update`` lets change.
USER_FIELDS = ("full_name", "email")
#: What ``assignment_update`` lets change.
ASSIGNMENT_FIELDS = ("area", "organization_kinds", "role", "analysis_area", "support_cases", "note")


def password_generate() -> str:
    """A new password to hand over once (12 unambiguous letters and digits: about 70 bits)."""
    return get_random_string(PASSWORD_LENGTH, PASSWORD_CHARS)


# -- checks ----------------------------------------------------------------------------------------------
def _require_manager(scope: Scope) -> None:
    if not scope.allows(Level.MANAGE):
        raise PermissionDenied(_("Only a manager or an administrator may manage users."))


def _require_user(scope: Scope, user: Any) -> None:
    """Refuse acting on ``user`` unless ``scope`` manages her (never herself unless an administrator)."""
    _require_manager(scope)
    if scope.unrestricted:
        return
    if user.pk == scope.user_id:
        raise PermissionDenied(
            _("You cannot change your own account or assignments: ask a manager of a wider area.")
        )
    ids = managed_user_ids(scope)
    if ids is not None and user.pk not in ids:
        raise PermissionDenied(
            _("The user %(user)s has an assignment outside the area you manage: you cannot change it.")
            % {"user": user.get_username()}
        )


def assignment_check(
    *,
    area: Area | None,
    organization_kinds: Iterable[str],
    role: str,
    analysis_area: Area | None,
) -> Errors:
    """The single-assignment rule: a role that exists; an area unless administrator; known kinds."""
    errors: Errors = {}
    if role not in Role.values:
        add_error(errors, "role", _("Choose a role."), "role_unknown")
    elif area is None and role != Role.ADMINISTRATOR:
        add_error(errors, "area", _("Choose the area of the assignment."), "area_missing")
    unknown = sorted(set(organization_kinds) - set(OrganizationKind.values))
    if unknown:
        add_error(
            errors,
            "organization_kinds",
            _("Unknown organization kinds: %(kinds)s.") % {"kinds": ", ".join(unknown)},
            "kinds_unknown",
        )
    return errors


def _require_assignment(
    scope: Scope,
    *,
    area: Area | None,
    kinds: list[str],
    role: str,
    analysis_area: Area | None,
    support: bool = False,
) -> None:
    raise_errors(
        assignment_check(area=area, organization_kinds=kinds, role=role, analysis_area=analysis_area)
    )
    if scope.unrestricted:
        return
    if role == Role.ADMINISTRATOR:
        raise PermissionDenied(_("Only an administrator may give the role administrator."))
    if (
        support
        and not scope_covers_assignment(
            scope, area=area, kinds=kinds, role=role, analysis_area=analysis_area, support=True
        )
        and scope_covers_assignment(scope, area=area, kinds=kinds, role=role, analysis_area=analysis_area)
    ):
        raise PermissionDenied(
            _(
                "You may give the permission to read support cases only where you hold it yourself, as a"
                " manager of that area."
            )
        )
    if not scope_covers_assignment(scope, area=area, kinds=kinds, role=role, analysis_area=analysis_area):
        raise PermissionDenied(
            _(
                "This assignment reaches beyond what you manage: choose an area inside yours, organization"
                " kinds among yours and an area for figures inside yours."
            )
        )


# -- audit -----------------------------------------------------------------------------------------------
def _audit_user(
    *,
    acting_user: Actor,
    action: AuditAction,
    user: Any,
    before: dict[str, Any] | None = None,
    source: str = "",
) -> AuditRecord:
    """Audit a write to a user, with the password hash hidden (only the fact that it changed is kept)."""
    record = audit_record(acting_user=acting_user, action=action, instance=user, before=before, source=source)
    if "password" in record.changes:
        record.changes["password"] = [None if action == AuditAction.CREATE else HIDDEN, HIDDEN]
        record.save(update_fields=["changes"])
    return record


def _save_user(*, user: Any, fields: list[str], acting_user: Actor, source: str) -> None:
    before = snapshot(get_user_model()._default_manager.get(pk=user.pk))
    user.full_clean()
    user.save(update_fields=fields)
    _audit_user(acting_user=acting_user, action=AuditAction.UPDATE, user=user, before=before, source=source)


def _password_errors(password: str, user: Any, field: str = "password") -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from error


# -- users -----------------------------------------------------------------------------------------------
@transaction.atomic
def user_create(
    *,
    username: str,
    full_name: str,
    email: str = "",
    password: str = "",
    area: Area | None,
    organization_kinds: Iterable[str] = (),
    role: str = Role.VIEWER,
    analysis_area: Area | None = None,
    support_cases: bool = False,
    note: str = "",
    acting_user: Actor,
    source: str = "",
) -> tuple[Any, str]:
    """Create a user with her first assignment (a user without one could reach nothing and no manager
    would see her). Returns the user and her initial password: ``password``, or a generated one when empty,
    to be shown once and never again."""
    scope = scope_of(acting_user)
    _require_manager(scope)
    kinds = sorted(set(organization_kinds))
    _require_assignment(
        scope, area=area, kinds=kinds, role=role, analysis_area=analysis_area, support=support_cases
    )
    full_name = " ".join(full_name.split())
    user = get_user_model()(username=username.strip(), first_name=full_name, email=email.strip())
    errors: Errors = {}
    if not full_name:
        add_error(errors, "full_name", _("The name is empty."), "name_empty")
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        for name, found in error.message_dict.items():
            for message in found:
                add_error(errors, "full_name" if name == "first_name" else name, message, "invalid")
    raise_errors(errors)
    password = password or password_generate()
    _password_errors(password, user)
    user.set_password(password)
    user.save()
    _audit_user(acting_user=acting_user, action=AuditAction.CREATE, user=user, source=source)
    model_create(
        instance=Assignment(
            user=user,
            area=area,
            organization_kinds=kinds,
            role=role,
            analysis_area=analysis_area,
            support_cases=support_cases,
            note=note,
        ),
        acting_user=acting_user,
        source=source,
    )
    return user, password


@transaction.atomic
def user_update(*, user: Any, data: Mapping[str, Any], acting_user: Actor, source: str = "") -> Any:
    """Change a user's ``USER_FIELDS`` (the full name is kept whole, Vietnamese order, in ``first_name``)."""
    check_fields(get_user_model(), data, USER_FIELDS)
    _require_user(scope_of(acting_user), user)
    fields: list[str] = []
    if "full_name" in data:
        full_name = " ".join(str(data["full_name"]).split())
        if not full_name:
            raise ValidationError({"full_name": _("The name is empty.")})
        if full_name != user.get_full_name():
            user.first_name, user.last_name = full_name, ""
            fields += ["first_name", "last_name"]
    if "email" in data and data["email"].strip() != user.email:
        user.email = data["email"].strip()
        fields.append("email")
    if fields:
        _save_user(user=user, fields=fields, acting_user=acting_user, source=source)
    return user


@transaction.atomic
def user_deactivate(*, user: Any, acting_user: Actor, source: str = "") -> Any:
    """Close a user's access (she can no longer log in; her records and the trail stay)."""
    scope = scope_of(acting_user)
    _require_user(scope, user)
    if acting_user is not None and user.pk == getattr(acting_user, "pk", None):
        raise PermissionDenied(_("You cannot deactivate your own account."))
    if user.is_active:
        user.is_active = False
        _save_user(user=user, fields=["is_active"], acting_user=acting_user, source=source)
    return user


@transaction.atomic
def user_reactivate(*, user: Any, acting_user: Actor, source: str = "") -> Any:
    """Open a deactivated user's access again."""
    _require_user(scope_of(acting_user), user)
    if not user.is_active:
        user.is_active = True
        _save_user(user=user, fields=["is_active"], acting_user=acting_user, source=source)
    return user


@transaction.atomic
def user_password_reset(*, user: Any, acting_user: Actor, password: str = "", source: str = "") -> str:
    """A manager sets a new password for a user she manages (a generated one when ``password`` is empty)
    and gets it back to hand over once."""
    _require_user(scope_of(acting_user), user)
    password = password or password_generate()
    _password_errors(password, user)
    user.set_password(password)
    _save_user(user=user, fields=["password"], acting_user=acting_user, source=source)
    return password


@transaction.atomic
def user_password_set(*, user: Any, password: str, acting_user: Actor, source: str = "") -> Any:
    """A user changes her own password (the form checked the old one); audited without the hash."""
    if acting_user is not None and getattr(acting_user, "pk", None) != user.pk:
        _require_user(scope_of(acting_user), user)
    _password_errors(password, user)
    user.set_password(password)
    _save_user(user=user, fields=["password"], acting_user=acting_user, source=source)
    return user


# -- assignments -----------------------------------------------------------------------------------------
@transaction.atomic
def assignment_create(
    *,
    user: Any,
    area: Area | None,
    organization_kinds: Iterable[str] = (),
    role: str = Role.VIEWER,
    analysis_area: Area | None = None,
    support_cases: bool = False,
    note: str = "",
    acting_user: Actor,
    source: str = "",
) -> Assignment:
    """Give a user one more assignment, inside the acting manager's scope (the support permission only
    where she holds it herself)."""
    scope = scope_of(acting_user)
    _require_user(scope, user)
    kinds = sorted(set(organization_kinds))
    _require_assignment(
        scope, area=area, kinds=kinds, role=role, analysis_area=analysis_area, support=support_cases
    )
    return model_create(
        instance=Assignment(
            user=user,
            area=area,
            organization_kinds=kinds,
            role=role,
            analysis_area=analysis_area,
            support_cases=support_cases,
            note=note,
        ),
        acting_user=acting_user,
        source=source,
    )


@transaction.atomic
def assignment_update(
    *, assignment: Assignment, data: Mapping[str, Any], acting_user: Actor, source: str = ""
) -> Assignment:
    """Change an assignment's ``ASSIGNMENT_FIELDS``; it must lie inside the acting manager's scope before
    and after."""
    check_fields(Assignment, data, ASSIGNMENT_FIELDS)
    scope = scope_of(acting_user)
    _require_user(scope, assignment.user)
    changes = dict(data)
    if "organization_kinds" in changes:
        changes["organization_kinds"] = sorted(set(changes["organization_kinds"]))
    values = {f: changes.get(f, getattr(assignment, f)) for f in ASSIGNMENT_FIELDS}
    _require_assignment(
        scope,
        area=values["area"],
        kinds=list(values["organization_kinds"]),
        role=values["role"],
        analysis_area=values["analysis_area"],
        support=bool(values["support_cases"]),
    )
    return model_update(
        instance=assignment, fields=ASSIGNMENT_FIELDS, data=changes, acting_user=acting_user, source=source
    )


@transaction.atomic
def assignment_delete(*, assignment: Assignment, acting_user: Actor, source: str = "") -> None:
    """Take back an assignment. A user's last one stays (deactivate the user instead): a user without an
    assignment reaches nothing and no manager would see her again."""
    scope = scope_of(acting_user)
    _require_user(scope, assignment.user)
    if (
        not scope.unrestricted
        and not Assignment.objects.filter(user_id=assignment.user_id).exclude(pk=assignment.pk).exists()
    ):
        raise ValidationError(
            _("This is the user's only assignment: deactivate the user instead of removing it.")
        )
    model_delete(instance=assignment, acting_user=acting_user, source=source)
