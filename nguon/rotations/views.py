"""Pages of rotation and transfer decisions (luân chuyển, điều động): the list of the scope's decisions, a
decision with its moves (people outside the scope counted, never named), the forms that record a decision and
add a move (the person found by name inside the scope, the tenure she leaves chosen among hers), and the
application with its confirmation. Views parse and render; the services write and refuse."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from nguon.core.access import scoped
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Post, Term
from nguon.organizations.selectors import organization_list
from nguon.people.forms import show_errors, style_fields
from nguon.people.models import Person
from nguon.people.selectors import person_search

from . import selectors, services
from .forms import ApplyForm, DecisionForm, MoveForm
from .models import Move, MoveDecision

SOURCE = "web"


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined,no-any-return]


def _can_edit(scope: Scope, decision: MoveDecision) -> bool:
    return decision.applied_at is None and scope.covers_organization(decision.issuer, Level.EDIT)


@scoped(level=Level.VIEW)
def move_list(request: HttpRequest) -> HttpResponse:
    """GET rotations/: the decisions of the scope, newest first."""
    scope = _scope(request)
    page = Paginator(selectors.decision_list(scope=scope), 50).get_page(request.GET.get("page"))
    counts = {d.pk: d.moves.count() for d in page.object_list}
    return render(
        request,
        "rotations/list.html",
        {"page": page, "counts": counts, "can_add": scope.allows(Level.EDIT)},
    )


def _issuers(scope: Scope) -> QuerySet[Any]:
    return organization_list(scope=scope, level=Level.EDIT).order_by("area__path", "kind", "name")


@scoped(level=Level.EDIT)
def move_decision_add(request: HttpRequest) -> HttpResponse:
    """GET/POST rotations/add/: record a decision (then add its moves)."""
    scope = _scope(request)
    form = DecisionForm(request.POST or None, issuers=_issuers(scope))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.move_decision_create(
                issuer=data["issuer"],
                kind=data["kind"],
                number=data["number"],
                date=data["date"],
                effective_date=data["effective_date"],
                signed_by=data["signed_by"],
                note=data["note"],
                acting_user=request.user,
                source=SOURCE,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("Decision %(number)s recorded: add its moves.") % {"number": decision.number}
            )
            return redirect("move-decision-detail", pk=decision.pk)
    return render(request, "rotations/decision_form.html", {"form": style_fields(form)})


def _detail_context(request: HttpRequest, decision: MoveDecision) -> dict[str, Any]:
    scope = _scope(request)
    moves = selectors.decision_moves(scope=scope, decision=decision)
    return {
        "decision": decision,
        "moves": moves,
        "numbers": moves.numbers,
        "can_edit": _can_edit(scope, decision),
    }


@scoped(level=Level.VIEW)
def move_decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET rotations/<pk>/: the decision and its moves in the order they are applied."""
    decision = selectors.decision_get(scope=_scope(request), pk=pk)
    return render(request, "rotations/decision_detail.html", _detail_context(request, decision))


def _decision_for_edit(request: HttpRequest, pk: int) -> MoveDecision:
    scope = _scope(request)
    decision = selectors.decision_get(scope=scope, pk=pk)
    if not scope.covers_organization(decision.issuer, Level.EDIT):
        raise PermissionDenied(
            _("You may not change this decision: its issuer is outside your area of work.")
        )
    return decision


def _posts(scope: Scope, decision: MoveDecision) -> QuerySet[Post]:
    """The posts a move may take: those of organizations of the issuer's area (and under it) in the edit
    scope."""
    return (
        Post.objects.filter(scope.organizations_q(Level.EDIT, "organization__"))
        .filter(organization__area__path__startswith=decision.issuer.area.path)
        .select_related("organization", "body")
        .order_by("organization__area__path", "organization__name", "rank", "name")
    )


def _terms(scope: Scope, decision: MoveDecision) -> QuerySet[Term]:
    return (
        Term.objects.filter(scope.organizations_q(Level.EDIT, "body__organization__"))
        .filter(body__organization__area__path__startswith=decision.issuer.area.path)
        .select_related("body")
        .order_by("body__organization__name", "body__name", "-start_date")
    )


@scoped(level=Level.EDIT)
def move_add(request: HttpRequest, pk: int) -> HttpResponse:
    """GET rotations/<pk>/moves/add/?q=name: find the person (inside the scope); ?person=<id>: the move's
    form; POST: add it."""
    scope = _scope(request)
    decision = _decision_for_edit(request, pk)
    if decision.applied_at is not None:
        messages.error(request, " ".join(services._applied_error(decision).messages))
        return redirect("move-decision-detail", pk=decision.pk)
    context: dict[str, Any] = {"decision": decision}
    person_id = request.POST.get("person") or request.GET.get("person")
    if not person_id:
        query = request.GET.get("q", "").strip()
        context["query"] = query
        if query:
            context["found"] = list(person_search(scope=scope, query=query)[:20])
        return render(request, "rotations/move_form.html", context)
    try:
        person = person_search(scope=scope).get(pk=int(person_id))
    except (ValueError, Person.DoesNotExist):
        raise Http404(_("No such person in your area of work.")) from None
    form = MoveForm(
        request.POST or None,
        tenures=selectors.tenures_to_leave(
            scope=scope, person=person, since=decision.date - services.ONE_DAY
        ),
        moves=Move.objects.filter(decision=decision, person=person).select_related("to_post"),
        posts=_posts(scope, decision),
        terms=_terms(scope, decision),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.move_add(
                decision=decision,
                person=person,
                from_tenure=data["from_tenure"],
                from_move=data.get("from_move"),
                to_post=data["to_post"],
                to_term=data["to_term"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                note=data["note"],
                acting_user=request.user,
                source=SOURCE,
            )
        except ValidationError as error:
            show_errors(form, error, {"decision": "__all__"})
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The move of %(name)s is added.") % {"name": person.full_name})
            return redirect("move-decision-detail", pk=decision.pk)
    context.update(person=person, form=style_fields(form))
    return render(request, "rotations/move_form.html", context)


@scoped(level=Level.EDIT)
def move_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """POST rotations/moves/<pk>/remove/: take a move (and those that follow it) out of a draft decision."""
    scope = _scope(request)
    move = selectors.move_get(scope=scope, pk=pk, level=Level.EDIT)
    back = reverse("move-decision-detail", args=[move.decision_id])
    if request.method != "POST":
        return redirect(back)
    try:
        services.move_remove(move=move, acting_user=request.user, source=SOURCE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The move is taken out of the decision."))
    return redirect(back)


@scoped(level=Level.EDIT)
def move_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """GET rotations/<pk>/apply/: what applying will do, and the confirmation; POST: apply (all or nothing)."""
    decision = _decision_for_edit(request, pk)
    context = _detail_context(request, decision)
    form = ApplyForm(request.POST or None)
    if decision.applied_at is not None:
        return redirect("move-decision-detail", pk=decision.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_apply(decision=decision, acting_user=request.user, source=SOURCE)
        except ValidationError as error:
            context["refusals"] = error.messages
        except PermissionDenied as error:
            context["refusals"] = [str(error)]
        else:
            messages.success(request, _("Decision %(number)s is applied.") % {"number": decision.number})
            return redirect("move-decision-detail", pk=decision.pk)
    context["form"] = style_fields(form)
    return render(request, "rotations/apply.html", context)
