"""The rule check of an area (Kiểm tra quy hoạch): every violation and gap of the planning rules in the
area's pools on the shell's date, grouped by rule with counts, each with its explanation; over-age and
discipline offer "Đề xuất đưa ra khỏi quy hoạch", which adds a proposal to the organization's draft review of
the year (never a removal: the review's approval removes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from nguon.core.access import scoped
from nguon.core.formats import format_date
from nguon.core.scope import Level, Scope
from nguon.people.models import Person

from . import checks, selectors
from .choices import ProposalAction, RoundStatus
from .models import PoolEntry, RoundProposal

SOURCE = "web"


@dataclass
class Row:
    """A finding as the page shows it: may the reader propose the removal, is it proposed already."""

    finding: checks.Finding
    can_propose: bool = False
    proposed: bool = False


@dataclass
class RuleGroup:
    code: str
    title: str
    rows: list[Row] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Violations: a finding about people outside the scope counts them all."""
        return sum(r.finding.hidden or 1 for r in self.rows)


def _groups(rows: list[Row]) -> list[RuleGroup]:
    groups: dict[str, RuleGroup] = {}
    for row in rows:
        code = row.finding.code
        groups.setdefault(code, RuleGroup(code, str(checks.RULE_TITLES.get(code, code)))).rows.append(row)
    return list(groups.values())


@scoped(level=Level.VIEW)
def pipeline_checks(request: HttpRequest) -> HttpResponse:
    """GET /succession/checks/?area=<code>: the findings of the area (default: the user's own) on
    ``request.at``."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    choices = checks.check_area_choices(scope=scope, at=at)
    code = request.GET.get("area", "").strip()
    context: dict[str, Any] = {"choices": choices, "at_display": format_date(at)}
    if not code and len(choices) == 1:
        code = choices[0].code
    if not code:
        return render(request, "pipeline/checks.html", context)
    try:
        area = checks.check_area_get(scope=scope, code=code, at=at)
    except ValidationError as error:
        context["error"] = " ".join(error.messages)
        return render(request, "pipeline/checks.html", context)
    found = checks.findings(scope=scope, area=area, at=at)
    pool_ids = {f.pool_id for f in found if f.proposal}
    editable = set(
        selectors.pool_list(scope=scope, level=Level.EDIT)
        .filter(pk__in=pool_ids)
        .values_list("pk", flat=True)
    )
    proposed = set(
        RoundProposal.objects.filter(
            round__status=RoundStatus.DRAFT, action=ProposalAction.REMOVE, pool_id__in=pool_ids
        ).values_list("pool_id", "person_id")
    )
    rows = [
        Row(
            f,
            can_propose=bool(f.proposal and f.entry_id and f.pool_id in editable),
            proposed=(f.pool_id, f.person_id) in proposed,
        )
        for f in found
    ]
    groups = _groups(rows)
    context.update(area=area, groups=groups, total=sum(g.count for g in groups))
    return render(request, "pipeline/checks.html", context)


@scoped(level=Level.EDIT)
def pipeline_check_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """POST /succession/checks/entries/<pk>/propose/: propose the removal the checks found for this entry
    on ``request.at`` (over-age, discipline) in the organization's draft review; GET shows the page back."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    entry = (
        PoolEntry.objects.filter(pool__in=selectors.pool_list(scope=scope, level=Level.EDIT))
        .filter(person__in=Person.objects.filter(scope.people_q(Level.VIEW)))
        .select_related("person", "pool__post__organization__area")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404(_("No such planning in your area of work."))
    area = request.POST.get("area", "") or request.GET.get("area", "")
    back = reverse("pipeline-checks") + ("?" + urlencode({"area": area}) if area else "")
    if request.method != "POST":
        return redirect(back)
    try:
        proposal = checks.propose_removal(
            scope=scope, entry=entry, at=at, acting_user=request.user, source=SOURCE
        )
    except ValueError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The removal of %(name)s from the planning of %(post)s is proposed in the review of %(year)s.")
            % {"name": entry.person.full_name, "post": entry.pool.post.name, "year": proposal.round.year},
        )
    return redirect(back)
