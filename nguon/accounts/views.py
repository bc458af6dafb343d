"""The user's own account page, the managers' user management and the personal-data log of their scope.

Views parse, call a selector or a service, render: who may see or change whom is decided in
nguon.accounts.selectors (a user outside the manager's scope is 404) and nguon.accounts.services (a write
outside it is refused in Vietnamese)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from nguon.core.access import scoped
from nguon.core.models import AuditAction, AuditRecord
from nguon.core.scope import Level

from . import selectors, services
from .forms import AccessFilterForm, AssignmentForm, UserCreateForm, UserEditForm, UserFilterForm
from .models import Assignment, PersonalDataAccess

SOURCE = "web"
PAGE_SIZE = 50
ASSIGNMENT_FIELDS = ("area", "organization_kinds", "role", "analysis_area", "support_cases", "note")


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _without_page(request: HttpRequest) -> str:
    """The list's query string without its page number, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _apply_errors(form: Form, error: ValidationError) -> None:
    """Show a service's refusal on the form, by field when the form has the field."""
    if hasattr(error, "error_dict"):
        for name, found in error.error_dict.items():
            form.add_error(name if name in form.fields else None, found)
    else:
        form.add_error(None, error)


def _kept(request: HttpRequest, names: tuple[str, ...]) -> dict[str, Any]:
    """What was typed, kept as the initial values of a form shown again after a search (nothing lost)."""
    data = request.POST
    initial: dict[str, Any] = {}
    for name in names:
        if name == "organization_kinds":
            initial[name] = data.getlist(name)
        elif name in data:
            initial[name] = data.get(name)
    return initial


def _summaries(assignments: Any, *, history: bool = False) -> list[dict[str, Any]]:
    """Each assignment as officers say it; with ``history``, the earlier areas it covers too (the wards
    merged into a new ward, the ward split between new ones)."""
    return [
        {
            "assignment": a,
            "text": selectors.assignment_summary(a),
            "history": [str(area.name) for area in selectors.assignment_history(a)] if history else [],
        }
        for a in assignments
    ]


def _token_url() -> str:
    """The page of the user's API tokens (nguon/api/views.py)."""
    return reverse("token-list")


# -- the user's own account -------------------------------------------------------------------------------
@scoped
def account(request: HttpRequest) -> HttpResponse:
    """Who I am, my assignments, my password, my API tokens, my recent accesses to personal data."""
    user: Any = request.user
    accesses = PersonalDataAccess.objects.filter(user=user).order_by("-at", "-id")[:10]
    return render(
        request,
        "accounts/account.html",
        {
            "assignments": _summaries(selectors.assignment_list(user=user), history=True),
            "accesses": list(accesses),
            "token_url": _token_url(),
        },
    )


@scoped
def password_change(request: HttpRequest) -> HttpResponse:
    """Change my own password (the current one asked first)."""
    user: Any = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_set(
                user=request.user,
                password=form.cleaned_data["new_password1"],
                acting_user=request.user,
                source=SOURCE,
            )
        except ValidationError as error:
            form.add_error("new_password1", error.messages)
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, _("Your password was changed."))
            return redirect("account")
    return render(request, "accounts/password_change.html", {"form": form})


# -- user management ----------------------------------------------------------------------------------------
@scoped(level=Level.MANAGE)
def user_list(request: HttpRequest) -> HttpResponse:
    """The users the manager manages, searchable, with their assignments."""
    form = UserFilterForm(request.GET or None)
    query, active = "", None
    if form.is_valid():
        query = form.cleaned_data["q"]
        active = {"1": True, "0": False}.get(form.cleaned_data["active"])
    page = _page(request, selectors.user_list(scope=request.scope, query=query, active=active))  # type: ignore[attr-defined]
    rows = [{"user": u, "assignments": _summaries(u.assignments.all())} for u in page]
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, "page": page, "rows": rows, "query": _without_page(request)},
    )


@scoped(level=Level.MANAGE)
def user_add(request: HttpRequest) -> HttpResponse:
    """A new user with her first assignment; the initial password is shown once, on the page that follows."""
    scope = request.scope  # type: ignore[attr-defined]
    status = 200
    if request.method == "POST" and request.POST.get("action") != "search":
        form = UserCreateForm(request.POST, scope=scope, query=request.POST.get("area_query", ""))
        if form.is_valid():
            data = form.cleaned_data
            try:
                user, password = services.user_create(
                    username=data["username"],
                    full_name=data["full_name"],
                    email=data.get("email", ""),
                    password=data.get("password", ""),
                    **form.assignment_values(),
                    acting_user=request.user,
                    source=SOURCE,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            else:
                return render(
                    request,
                    "accounts/user_password.html",
                    {"target": user, "password": password, "created": True},
                    status=201,
                )
    elif request.method == "POST":
        names = ("username", "full_name", "email", "area_query", "area", *ASSIGNMENT_FIELDS[1:])
        form = UserCreateForm(
            scope=scope, query=request.POST.get("area_query", ""), initial=_kept(request, names)
        )
    else:
        form = UserCreateForm(scope=scope, query=request.GET.get("area_query", ""))
    return render(request, "accounts/user_form.html", {"form": form, "creating": True}, status=status)


def _account_changes(target: Any, limit: int = 20) -> list[dict[str, Any]]:
    """The audit trail of a user's account and of her assignments, removed ones too (an assignment reads
    "<username> — role — area", and a username has no spaces), newest first, changed fields by label."""
    ids = [str(a.pk) for a in target.assignments.all()]
    records = (
        AuditRecord.objects.filter(
            Q(model="auth.user", object_id=str(target.pk))
            | Q(model="accounts.assignment", object_id__in=ids)
            | Q(model="accounts.assignment", object_repr__startswith=f"{target.get_username()} — ")
        )
        .select_related("user")
        .order_by("-at", "-id")[:limit]
    )
    rows = []
    for r in records:
        model = get_user_model() if r.model == "auth.user" else Assignment
        names = []
        changed = r.changes if isinstance(r.changes, dict) and r.action == AuditAction.UPDATE else {}
        for attname in changed:
            if attname in {"id", "user_id", "last_login", "date_joined", "created_at"}:
                continue
            try:
                field: Any = model._meta.get_field(attname.removesuffix("_id"))
                names.append(str(getattr(field, "verbose_name", attname)))
            except FieldDoesNotExist:
                names.append(attname)
        what = _("account") if r.model == "auth.user" else _("assignment")
        rows.append({"record": r, "what": what, "fields": names})
    return rows


@scoped(level=Level.MANAGE)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A user the manager manages: her assignments, status, the changes to her account."""
    target = selectors.user_get(scope=request.scope, pk=pk)  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "assignments": _summaries(target.assignments.all(), history=True),
            "changes": _account_changes(target),
            "is_self": target.pk == request.user.pk,
            "accesses": list(PersonalDataAccess.objects.filter(user=target).order_by("-at", "-id")[:10]),
        },
    )


@scoped(level=Level.MANAGE)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(scope=request.scope, pk=pk)  # type: ignore[attr-defined]
    initial = {"full_name": target.get_full_name(), "email": target.email}
    form = UserEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(user=target, data=form.cleaned_data, acting_user=request.user, source=SOURCE)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        else:
            messages.success(request, _("The account was saved."))
            return redirect("user-detail", pk=target.pk)
    return render(request, "accounts/user_edit.html", {"form": form, "target": target}, status=status)


def _confirm(
    request: HttpRequest,
    *,
    target: Any,
    question: str,
    button: str,
    danger: bool = False,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "accounts/confirm.html",
        {"target": target, "question": question, "button": button, "danger": danger, "error": error},
        status=status,
    )


def _confirmed(
    request: HttpRequest,
    *,
    target: Any,
    question: str,
    button: str,
    act: Callable[[], Any],
    done: Callable[[Any], HttpResponse],
    danger: bool = False,
) -> HttpResponse:
    """A confirmation page; on POST, ``act()`` (a service) then ``done(result)``; a refusal of the service is
    shown on the same page (403) and nothing is written."""
    if request.method == "POST":
        try:
            result = act()
        except PermissionDenied as error:
            return _confirm(
                request, target=target, question=question, button=button, error=str(error), status=403
            )
        return done(result)
    return _confirm(request, target=target, question=question, button=button, danger=danger)


def _name(target: Any) -> str:
    return str(target.get_full_name() or target.get_username())


def _to_user(request: HttpRequest, target: Any, message: str) -> Callable[[Any], HttpResponse]:
    def done(_result: Any) -> HttpResponse:
        messages.success(request, message)
        return redirect("user-detail", pk=target.pk)

    return done


@scoped(level=Level.MANAGE)
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(scope=request.scope, pk=pk)  # type: ignore[attr-defined]
    return _confirmed(
        request,
        target=target,
        question=_("Deactivate the account of %(name)s? She will no longer be able to log in.")
        % {"name": _name(target)},
        button=_("Deactivate"),
        act=lambda: services.user_deactivate(user=target, acting_user=request.user, source=SOURCE),
        done=_to_user(request, target, _("The account was deactivated.")),
        danger=True,
    )


@scoped(level=Level.MANAGE)
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(scope=request.scope, pk=pk)  # type: ignore[attr-defined]
    return _confirmed(
        request,
        target=target,
        question=_("Reactivate the account of %(name)s?") % {"name": _name(target)},
        button=_("Reactivate"),
        act=lambda: services.user_reactivate(user=target, acting_user=request.user, source=SOURCE),
        done=_to_user(request, target, _("The account was reactivated.")),
    )


@scoped(level=Level.MANAGE)
def user_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """A new generated password for a user she manages, shown once."""
    target = selectors.user_get(scope=request.scope, pk=pk)  # type: ignore[attr-defined]
    return _confirmed(
        request,
        target=target,
        question=_("Set a new password for %(name)s? Her current password will stop working.")
        % {"name": _name(target)},
        button=_("New password"),
        act=lambda: services.user_password_reset(user=target, acting_user=request.user, source=SOURCE),
        done=lambda password: render(
            request, "accounts/user_password.html", {"target": target, "password": password}
        ),
        danger=True,
    )


def _assignment_form(
    request: HttpRequest, *, target: Any, assignment: Any = None
) -> tuple[AssignmentForm, bool]:
    """The assignment form: bound for a save, unbound (what was typed kept) for a search of areas."""
    scope = request.scope  # type: ignore[attr-defined]
    if request.method == "POST" and request.POST.get("action") != "search":
        query = request.POST.get("area_query", "")
        return AssignmentForm(request.POST, scope=scope, query=query, current=assignment), True
    if request.method == "POST":
        query = request.POST.get("area_query", "")
        initial = _kept(request, ("area_query", *ASSIGNMENT_FIELDS))
        return AssignmentForm(scope=scope, query=query, initial=initial, current=assignment), False
    initial = {}
    if assignment is not None:
        initial = {f: getattr(assignment, f) for f in ASSIGNMENT_FIELDS}
        initial["area"] = assignment.area_id
        initial["analysis_area"] = assignment.analysis_area_id
    query = request.GET.get("area_query", "")
    return AssignmentForm(scope=scope, query=query, initial=initial, current=assignment), False


@scoped(level=Level.MANAGE)
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(scope=request.scope, pk=pk)  # type: ignore[attr-defined]
    form, bound = _assignment_form(request, target=target)
    status = 200
    if bound and form.is_valid():
        try:
            services.assignment_create(
                user=target, **form.assignment_values(), acting_user=request.user, source=SOURCE
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        else:
            messages.success(request, _("The assignment was added."))
            return redirect("user-detail", pk=target.pk)
    return render(request, "accounts/assignment_form.html", {"form": form, "target": target}, status=status)


@scoped(level=Level.MANAGE)
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(scope=request.scope, pk=pk)  # type: ignore[attr-defined]
    form, bound = _assignment_form(request, target=assignment.user, assignment=assignment)
    status = 200
    if bound and form.is_valid():
        try:
            services.assignment_update(
                assignment=assignment,
                data=form.assignment_values(),
                acting_user=request.user,
                source=SOURCE,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        else:
            messages.success(request, _("The assignment was saved."))
            return redirect("user-detail", pk=assignment.user_id)
    return render(
        request,
        "accounts/assignment_form.html",
        {"form": form, "target": assignment.user, "assignment": assignment},
        status=status,
    )


@scoped(level=Level.MANAGE)
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(scope=request.scope, pk=pk)  # type: ignore[attr-defined]
    target = assignment.user
    question = _("Remove the assignment “%(assignment)s” of %(name)s?") % {
        "assignment": selectors.assignment_summary(assignment),
        "name": target.get_full_name() or target.get_username(),
    }
    if request.method == "POST":
        try:
            services.assignment_delete(assignment=assignment, acting_user=request.user, source=SOURCE)
        except (PermissionDenied, ValidationError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            return _confirm(
                request, target=target, question=question, button=_("Remove"), error=text, status=403
            )
        messages.success(request, _("The assignment was removed."))
        return redirect("user-detail", pk=target.pk)
    return _confirm(request, target=target, question=question, button=_("Remove"), danger=True)


@scoped(level=Level.MANAGE)
@require_GET
def area_options(request: HttpRequest) -> HttpResponse:
    """The areas matching the search box, as the options of the area select (htmx)."""
    areas = selectors.area_choices(scope=request.scope, query=request.GET.get("area_query", ""))  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/_area_options.html",
        {"options": [(a.pk, selectors.area_label(a)) for a in areas]},
    )


# -- the personal-data log ------------------------------------------------------------------------------------
@scoped(level=Level.MANAGE)
def access_log(request: HttpRequest) -> HttpResponse:
    """Who read personal data, when, what, how many people: the users she manages and herself (Decree
    13/2023/NĐ-CP); administrators see everyone's."""
    scope = request.scope  # type: ignore[attr-defined]
    users = list(selectors.user_list(scope=scope).prefetch_related(None))
    if not scope.unrestricted:
        users = [request.user, *users]
    form = AccessFilterForm(request.GET or None, users=users)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "user_ids": [data["user"]] if data.get("user") else None,
            "since": data.get("since"),
            "until": data.get("until"),
            "kind": data.get("kind") or "",
        }
    page = _page(request, selectors.access_list(scope=scope, **filters))
    return render(
        request,
        "accounts/access_log.html",
        {"form": form, "page": page, "query": _without_page(request)},
    )
