"""Writes of candidate lists, candidacies and election results. Every write is checked against the acting
user's edit scope (the organization of the term's body) and audited.

Results and tenures: ``results_record`` sets each candidacy's result and, for each one elected, links the
tenure of (person, list's post, list's term) when one is already recorded (the demo and the importer may have
written it first) or creates one (start reason "elected", from the later of the term's start and the election
date, under the list's decision). Recording the results again corrects them without losing anything: a
candidacy no longer elected loses its tenure — a tenure the results had CREATED is deleted (it recorded a seat
never held; the deletion is audited with its last values), one they had only LINKED is left as it was
recorded and only unlinked. A created tenure that something else already refers to is not deleted: the
correction is refused, saying so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from nguon.accounts.scope import scope_of
from nguon.core.audit import Actor
from nguon.core.formats import format_date
from nguon.core.scope import Level
from nguon.core.services import (
    Errors,
    add_error,
    model_create,
    model_delete,
    model_update,
    raise_errors,
)
from nguon.organizations import services as org_services
from nguon.organizations.choices import TenureStart, TermFormation
from nguon.organizations.models import Post, Tenure, Term
from nguon.people.models import Person

from .choices import ElectionKind, ListStatus
from .models import Candidacy, CandidateList

LIST_FIELDS = (
    "post",
    "kind",
    "name",
    "constituency",
    "election_date",
    "seats",
    "decision",
    "note",
)


def _require_term(term: Term, acting_user: Actor) -> None:
    scope_of(acting_user).require_organization(term.body.organization, Level.EDIT)


def candidate_list_check(
    *, term: Term, post: Post | None, kind: str, name: str, election_date: dt.date | None, seats: int | None
) -> Errors:
    """A list names its seat (a post of the term's body), its kind, its name, its date and seats."""
    errors: Errors = {}
    if post is None:
        add_error(errors, "post", _("Choose the seat elected."), "post_missing")
    elif post.body_id != term.body_id:
        add_error(
            errors,
            "post",
            _("%(post)s is not a seat of %(body)s, whose term this is.") % {"post": post, "body": term.body},
            "post_not_of_body",
        )
    if kind not in ElectionKind.values:
        add_error(errors, "kind", _("Choose the kind of election."), "kind_invalid")
    if not name.strip():
        add_error(errors, "name", _("Name the list."), "name_empty")
    if election_date is None:
        add_error(errors, "election_date", _("Give the election date."), "date_missing")
    elif term.end_date is not None and election_date > term.end_date:
        add_error(
            errors,
            "election_date",
            _("The election date %(date)s is after the end of the term %(term)s (%(end)s).")
            % {"date": format_date(election_date), "term": term.name, "end": format_date(term.end_date)},
            "date_after_term",
        )
    if seats is None or seats < 1:
        add_error(errors, "seats", _("At least one seat is elected."), "seats_invalid")
    return errors


@transaction.atomic
def candidate_list_create(
    *,
    term: Term,
    post: Post,
    kind: str,
    name: str,
    election_date: dt.date,
    seats: int,
    constituency: str = "",
    decision: str = "",
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> CandidateList:
    """Open the candidate list of ``term``'s election (optionally one constituency)."""
    _require_term(term, acting_user)
    raise_errors(
        candidate_list_check(
            term=term, post=post, kind=kind, name=name, election_date=election_date, seats=seats
        )
    )
    candidate_list = CandidateList(
        term=term,
        post=post,
        kind=kind,
        name=name.strip(),
        constituency=constituency.strip(),
        election_date=election_date,
        seats=seats,
        decision=decision.strip(),
        note=note,
    )
    return model_create(instance=candidate_list, acting_user=acting_user, source=source)


@transaction.atomic
def candidate_list_update(
    *, candidate_list: CandidateList, data: Mapping[str, Any], acting_user: Actor = None, source: str = ""
) -> CandidateList:
    """Change a list's ``LIST_FIELDS``; the seat cannot change once results are recorded."""
    _require_term(candidate_list.term, acting_user)
    merged = {f: data.get(f, getattr(candidate_list, f)) for f in LIST_FIELDS}
    errors = candidate_list_check(
        term=candidate_list.term,
        post=merged["post"],
        kind=merged["kind"],
        name=merged["name"],
        election_date=merged["election_date"],
        seats=merged["seats"],
    )
    if candidate_list.status == ListStatus.RESULTS and "post" in data and data["post"] != candidate_list.post:
        add_error(
            errors, "post", _("The results are recorded: the seat elected can no longer change."), "locked"
        )
    raise_errors(errors)
    changes = {k: v.strip() if isinstance(v, str) and k != "note" else v for k, v in data.items()}
    return model_update(
        instance=candidate_list, fields=LIST_FIELDS, data=changes, acting_user=acting_user, source=source
    )


@transaction.atomic
def list_status_set(
    *, candidate_list: CandidateList, status: str, acting_user: Actor = None, source: str = ""
) -> CandidateList:
    """Move a list between "being prepared" and "official"; "results recorded" is set by the results."""
    _require_term(candidate_list.term, acting_user)
    errors: Errors = {}
    if status not in (ListStatus.DRAFT, ListStatus.OFFICIAL):
        add_error(errors, "status", _("The results set this status: record the results."), "status_results")
    elif candidate_list.status == ListStatus.RESULTS:
        add_error(errors, "status", _("The results are recorded: the list is closed."), "closed")
    raise_errors(errors)
    return model_update(
        instance=candidate_list,
        fields=("status",),
        data={"status": status},
        acting_user=acting_user,
        source=source,
    )


# -- candidacies ----------------------------------------------------------------------------------------------
def _readable(person: Person, acting_user: Actor) -> bool:
    scope = scope_of(acting_user)
    if scope.unrestricted:
        return True
    return Person.objects.filter(scope.people_q(Level.VIEW), pk=person.pk).exists()


@transaction.atomic
def candidacy_add(
    *,
    candidate_list: CandidateList,
    person: Person,
    order: int | None = None,
    nominated_by: str = "",
    self_nominated: bool = False,
    acting_user: Actor = None,
    source: str = "",
) -> Candidacy:
    """Put ``person`` (whom the acting user may read) on the list, last unless ``order`` is given."""
    _require_term(candidate_list.term, acting_user)
    errors: Errors = {}
    if candidate_list.status == ListStatus.RESULTS:
        add_error(errors, "person", _("The results are recorded: the list is closed."), "closed")
    if not _readable(person, acting_user):
        # Never say who: the record is outside the reader's scope.
        add_error(errors, "person", _("No such person in your area of work."), "person_outside")
    elif Candidacy.objects.filter(candidate_list=candidate_list, person=person).exists():
        add_error(
            errors,
            "person",
            _("%(person)s is already on the list.") % {"person": person.full_name},
            "duplicate",
        )
    raise_errors(errors)
    if order is None:
        last = Candidacy.objects.filter(candidate_list=candidate_list).aggregate(m=Max("order"))["m"]
        order = (last or 0) + 1
    candidacy = Candidacy(
        candidate_list=candidate_list,
        person=person,
        order=order,
        nominated_by=nominated_by.strip(),
        self_nominated=self_nominated,
    )
    return model_create(instance=candidacy, acting_user=acting_user, source=source)


@transaction.atomic
def candidacy_remove(*, candidacy: Candidacy, acting_user: Actor = None, source: str = "") -> None:
    """Take a candidate off a list whose results are not recorded."""
    _require_term(candidacy.candidate_list.term, acting_user)
    errors: Errors = {}
    if candidacy.candidate_list.status == ListStatus.RESULTS:
        add_error(errors, "person", _("The results are recorded: the list is closed."), "closed")
    raise_errors(errors)
    model_delete(instance=candidacy, acting_user=acting_user, source=source)


# -- results -------------------------------------------------------------------------------------------------
def votes_field(candidacy_id: int) -> str:
    """The error key (and form field) of one candidacy's votes."""
    return f"votes-{candidacy_id}"


def elected_field(candidacy_id: int) -> str:
    return f"elected-{candidacy_id}"


def results_check(
    *,
    candidate_list: CandidateList,
    candidacies: Sequence[Candidacy],
    results: Sequence[tuple[Candidacy, bool, int | None]],
    voters: int | None,
    valid_ballots: int | None,
) -> Errors:
    """votes ≤ valid ballots ≤ voters, one result per candidate of the list, at most ``seats`` elected."""
    errors: Errors = {}
    if voters is None or voters < 1:
        add_error(errors, "voters", _("Give the number of voters (at least 1)."), "voters_missing")
    if valid_ballots is None or valid_ballots < 0:
        add_error(errors, "valid_ballots", _("Give the number of valid ballots."), "ballots_missing")
    elif voters is not None and valid_ballots > voters:
        add_error(
            errors,
            "valid_ballots",
            _("%(ballots)s valid ballots is more than the %(voters)s voters.")
            % {"ballots": valid_ballots, "voters": voters},
            "ballots_over_voters",
        )
    ids = {c.pk for c in candidacies}
    seen: set[int] = set()
    for candidacy, _elected, votes in results:
        if candidacy.pk not in ids:
            add_error(errors, "results", _("A result names a candidacy of another list."), "foreign")
            continue
        if candidacy.pk in seen:
            add_error(
                errors,
                votes_field(candidacy.pk),
                _("%(person)s has two results.") % {"person": candidate_label(candidacy)},
                "twice",
            )
        seen.add(candidacy.pk)
        if votes is not None and votes < 0:
            add_error(errors, votes_field(candidacy.pk), _("Votes cannot be negative."), "votes_negative")
        elif votes is not None and valid_ballots is not None and votes > valid_ballots:
            add_error(
                errors,
                votes_field(candidacy.pk),
                _("%(person)s: %(votes)s votes is more than the %(ballots)s valid ballots.")
                % {"person": candidate_label(candidacy), "votes": votes, "ballots": valid_ballots},
                "votes_over_ballots",
            )
    missing = len(ids - seen)
    if missing:
        add_error(
            errors,
            "results",
            _("The results of %(n)s candidates are missing.") % {"n": missing},
            "missing",
        )
    elected = sum(1 for _c, e, _v in results if e)
    if elected > candidate_list.seats:
        add_error(
            errors,
            "results",
            _("%(elected)s elected, but the list elects %(seats)s.")
            % {"elected": elected, "seats": candidate_list.seats},
            "over_seats",
        )
    return errors


def candidate_label(candidacy: Candidacy) -> str:
    """A candidate as an error message names her: by her number on the list, never by name (the message may
    reach a user who reads the list's other candidates only as numbers, outside her area of work)."""
    return _("Candidate no. %(n)s") % {"n": candidacy.order}


def _tenure_start(candidate_list: CandidateList) -> dt.date:
    return max(candidate_list.term.start_date, candidate_list.election_date)


@transaction.atomic
def results_record(
    *,
    candidate_list: CandidateList,
    results: Sequence[tuple[Candidacy, bool, int | None]],
    voters: int | None,
    valid_ballots: int | None,
    decision: str | None = None,
    acting_user: Actor = None,
    source: str = "",
) -> CandidateList:
    """Record the results of the list (every candidate once) and the tenures of those elected, in one
    transaction (the module's docstring says how a correction treats earlier tenures)."""
    candidate_list = (
        CandidateList.objects.select_for_update()
        .select_related("term__body__organization__area", "post__organization__area")
        .get(pk=candidate_list.pk)
    )
    _require_term(candidate_list.term, acting_user)
    candidacies = list(
        Candidacy.objects.filter(candidate_list=candidate_list).select_related("person", "tenure")
    )
    by_id = {c.pk: c for c in candidacies}
    raise_errors(
        results_check(
            candidate_list=candidate_list,
            candidacies=candidacies,
            results=results,
            voters=voters,
            valid_ballots=valid_ballots,
        )
    )
    errors: Errors = {}
    for given, elected, votes in results:
        candidacy = by_id[given.pk]
        data: dict[str, Any] = {"elected": bool(elected), "votes": votes}
        if elected and candidacy.tenure_id is None:
            existing = (
                Tenure.objects.filter(
                    person_id=candidacy.person_id, post=candidate_list.post, term=candidate_list.term
                )
                .exclude(candidacy__isnull=False)
                .order_by("start_date", "id")
                .first()
            )
            if existing is not None:
                data.update(tenure=existing, tenure_created=False)
            else:
                tenure = org_services.tenure_create(
                    person=candidacy.person,
                    post=candidate_list.post,
                    term=candidate_list.term,
                    start_date=_tenure_start(candidate_list),
                    end_date=candidate_list.term.end_date,
                    start_reason=TenureStart.ELECTED,
                    start_decision=decision if decision is not None else candidate_list.decision,
                    start_decision_date=candidate_list.election_date,
                    note=_("Elected on the list %(list)s.") % {"list": candidate_list.name},
                    acting_user=acting_user,
                    source=source,
                )
                data.update(tenure=tenure, tenure_created=True)
        elif not elected and candidacy.tenure_id is not None:
            old = candidacy.tenure
            created = candidacy.tenure_created
            model_update(
                instance=candidacy,
                fields=("tenure", "tenure_created"),
                data={"tenure": None, "tenure_created": False},
                acting_user=acting_user,
                source=source,
            )
            # a tenure the results created goes with them, unless it was changed since (an end, a reason
            # recorded on her record): that history is refused rather than lost
            changed = old is not None and (
                old.end_date != candidate_list.term.end_date
                or bool(old.end_reason)
                or old.start_date != _tenure_start(candidate_list)
            )
            if created and old is not None:
                try:
                    if changed:
                        raise ProtectedError("changed since the results", {old})
                    with transaction.atomic():
                        model_delete(instance=old, acting_user=acting_user, source=source)
                except ProtectedError:
                    add_error(
                        errors,
                        elected_field(candidacy.pk),
                        _(
                            "%(person)s: the tenure the earlier results created is used elsewhere or was "
                            "changed since; end it on her record instead."
                        )
                        % {"person": candidate_label(candidacy)},
                        "tenure_used",
                    )
        model_update(
            instance=candidacy,
            fields=("elected", "votes", "tenure", "tenure_created"),
            data=data,
            acting_user=acting_user,
            source=source,
        )
    raise_errors(errors)
    list_data: dict[str, Any] = {
        "voters": voters,
        "valid_ballots": valid_ballots,
        "status": ListStatus.RESULTS,
    }
    if decision is not None:
        list_data["decision"] = decision.strip()
    return model_update(
        instance=candidate_list,
        fields=("voters", "valid_ballots", "status", "decision"),
        data=list_data,
        acting_user=acting_user,
        source=source,
    )


# -- appointed bodies ---------------------------------------------------------------------------------------
@transaction.atomic
def term_mark_appointed(*, term: Term, decision: str, acting_user: Actor = None, source: str = "") -> Term:
    """Record that ``term``'s body was appointed by the level above (chỉ định) under ``decision``, as the
    committees of the new communes were on 30/6/2025. Refused when one of its lists has results."""
    _require_term(term, acting_user)
    errors: Errors = {}
    if not decision.strip():
        add_error(errors, "decision", _("Give the decision appointing the body."), "decision_empty")
    if CandidateList.objects.filter(term=term, status=ListStatus.RESULTS).exists():
        add_error(
            errors,
            "decision",
            _("The term %(term)s was elected: a candidate list of it has results.") % {"term": term},
            "elected",
        )
    raise_errors(errors)
    return model_update(
        instance=term,
        fields=("formation", "formation_decision"),
        data={"formation": TermFormation.APPOINTED, "formation_decision": decision.strip()},
        acting_user=acting_user,
        source=source,
    )
