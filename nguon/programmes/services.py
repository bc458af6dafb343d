"""Writes of joint programmes and activities. One rule per entity (``programme_check``, ``goal_check``,
``activity_check``) serves the pages, the API and the import sheet; every write is checked against the acting
user's edit scope (the organizer, or a party to the programme), runs in one transaction (nothing is
half-saved) and is audited.

An activity's files are checked (``files.file_check``) before anything is written; an edit of the activity
never touches them; ``file_remove`` keeps the row (dated) and the file on disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nguon.accounts.scope import scope_of
from nguon.areas.models import Area
from nguon.core.audit import Actor, audit_user
from nguon.core.formats import format_date
from nguon.core.scope import Level
from nguon.core.services import (
    Errors,
    add_error,
    check_dates,
    model_create,
    model_delete,
    model_update,
    raise_errors,
)
from nguon.organizations.models import Organization
from nguon.people.models import Person
from nguon.people.selectors import people_readable

from .choices import AgeGroup, Audience, GoalMeasure, ParticipantMode, PartyRole, Sex, TargetPeriod
from .files import CheckedFile, file_check
from .models import (
    Activity,
    ActivityCount,
    ActivityFile,
    ActivityOutput,
    ActivityParticipant,
    ActivityType,
    Goal,
    OutputKind,
    Programme,
    ProgrammeParty,
    YearPlan,
    YearTarget,
)

PROGRAMME_FIELDS = (
    "title",
    "number",
    "signed_on",
    "start_date",
    "end_date",
    "area",
    "follows",
    "document",
    "note",
)
GOAL_FIELDS = (
    "position",
    "text",
    "measure",
    "period",
    "target",
    "unit",
    "activity_type",
    "output_kind",
    "young_only",
)
#: the most participants one activity may count (a typing error beyond it: 1.000.000 is a city's festival)
MAX_PARTICIPANTS = 1_000_000


# -- programmes ---------------------------------------------------------------------------------------------
def _valid_on(obj: Area | Organization, day: dt.date) -> bool:
    return (obj.valid_from is None or obj.valid_from <= day) and (obj.valid_to is None or day <= obj.valid_to)


def programme_check(
    *, title: str, start_date: dt.date | None, end_date: dt.date | None, parties: Sequence[Organization]
) -> Errors:
    """A programme has a title, a period, and at least two distinct organizations."""
    errors: Errors = {}
    if not title:
        add_error(errors, "title", _("The title is empty."), "title_empty")
    if start_date is None:
        add_error(errors, "start_date", _("Enter the date the programme starts."), "start_missing")
    if end_date is None:
        add_error(errors, "end_date", _("Enter the date the programme ends."), "end_missing")
    check_dates(errors, start_date, end_date)
    if len({o.pk for o in parties}) < 2:
        add_error(
            errors,
            "parties",
            _("A joint programme is signed by at least two organizations."),
            "parties_too_few",
        )
    return errors


def _require_parties(parties: Iterable[Organization], acting_user: Actor) -> None:
    """The acting user must be able to edit one of the parties (a union signs for itself)."""
    scope = scope_of(acting_user)
    if not any(scope.covers_organization(o, Level.EDIT) for o in parties):
        raise PermissionDenied(
            _("You may record a programme only for an organization inside your area of work.")
        )


def programme_can_edit(*, scope: Any, programme: Programme) -> bool:
    parties = [p.organization for p in programme.parties.select_related("organization__area")]
    return any(scope.covers_organization(o, Level.EDIT) for o in parties)


def _require_programme(programme: Programme, acting_user: Actor) -> None:
    if not programme_can_edit(scope=scope_of(acting_user), programme=programme):
        raise PermissionDenied(
            _(
                "You may not change the programme %(programme)s: none of its organizations is inside your area "
                "of work."
            )
            % {"programme": programme}
        )


@transaction.atomic
def programme_create(
    *,
    title: str,
    start_date: dt.date,
    end_date: dt.date,
    area: Area,
    parties: Sequence[tuple[Organization, str]],
    number: str = "",
    signed_on: dt.date | None = None,
    follows: Programme | None = None,
    document: str = "",
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Programme:
    """Record a programme with its parties ((organization, PartyRole) pairs; the first lead when none is)."""
    title = " ".join(title.split())
    orgs = [o for o, _role in parties]
    raise_errors(programme_check(title=title, start_date=start_date, end_date=end_date, parties=orgs))
    _require_parties(orgs, acting_user)
    programme = model_create(
        instance=Programme(
            title=title,
            number=number.strip(),
            signed_on=signed_on,
            start_date=start_date,
            end_date=end_date,
            area=area,
            follows=follows,
            document=document.strip(),
            note=note,
        ),
        acting_user=acting_user,
        source=source,
    )
    roles = [r if r in PartyRole.values else PartyRole.PARTNER for _o, r in parties]
    if PartyRole.LEAD not in roles:
        roles[0] = PartyRole.LEAD
    seen: set[int] = set()
    for (org, _r), role in zip(parties, roles, strict=True):
        if org.pk in seen:
            continue
        seen.add(org.pk)
        model_create(
            instance=ProgrammeParty(programme=programme, organization=org, role=role),
            acting_user=acting_user,
            source=source,
        )
    return programme


@transaction.atomic
def programme_update(
    *, programme: Programme, data: Mapping[str, Any], acting_user: Actor = None, source: str = ""
) -> Programme:
    """Change a programme's fields (not its parties). Its activities must stay inside the new period."""
    _require_programme(programme, acting_user)
    values = {f: data.get(f, getattr(programme, f)) for f in PROGRAMME_FIELDS}
    parties = [p.organization for p in programme.parties.select_related("organization")]
    errors = programme_check(
        title=str(values["title"]).strip(),
        start_date=values["start_date"],
        end_date=values["end_date"],
        parties=parties,
    )
    if not errors:
        outside = programme.activities.exclude(
            start_date__gte=values["start_date"], start_date__lte=values["end_date"]
        )
        n = outside.count()
        if n:
            add_error(
                errors,
                "start_date",
                _("%(n)s activities of the programme would fall outside the new period.") % {"n": n},
                "activities_outside",
            )
    raise_errors(errors)
    return model_update(
        instance=programme, fields=PROGRAMME_FIELDS, data=data, acting_user=acting_user, source=source
    )


# -- goals and yearly plans ------------------------------------------------------------------------------------
def goal_check(*, programme: Programme, values: Mapping[str, Any]) -> Errors:
    errors: Errors = {}
    if not str(values.get("text") or "").strip():
        add_error(errors, "text", _("Write the goal."), "text_empty")
    measure = values.get("measure")
    if measure not in GoalMeasure.values:
        add_error(errors, "measure", _("Choose what the goal counts."), "measure_invalid")
    if values.get("period") not in TargetPeriod.values:
        add_error(
            errors,
            "period",
            _("Choose whether the target is for each year or for the whole period."),
            "period_invalid",
        )
    target = values.get("target")
    if target is None or Decimal(target) < 0:
        add_error(errors, "target", _("The target is a number, zero or more."), "target_invalid")
    if measure == GoalMeasure.OUTPUT and values.get("output_kind") is None:
        add_error(errors, "output_kind", _("Choose the output the goal adds up."), "output_missing")
    if measure == GoalMeasure.ACTIVITIES_PER_UNIT and values.get("period") == TargetPeriod.PERIOD:
        pass  # a per-unit target over the whole period is allowed (e.g. "10 per ward over five years")
    return errors


@transaction.atomic
def goal_create(*, programme: Programme, acting_user: Actor = None, source: str = "", **values: Any) -> Goal:
    _require_programme(programme, acting_user)
    values.setdefault("position", programme.goals.count() + 1)
    raise_errors(goal_check(programme=programme, values=values))
    return model_create(instance=Goal(programme=programme, **values), acting_user=acting_user, source=source)


@transaction.atomic
def goal_update(*, goal: Goal, data: Mapping[str, Any], acting_user: Actor = None, source: str = "") -> Goal:
    _require_programme(goal.programme, acting_user)
    values = {f: data.get(f, getattr(goal, f)) for f in GOAL_FIELDS}
    raise_errors(goal_check(programme=goal.programme, values=values))
    return model_update(instance=goal, fields=GOAL_FIELDS, data=data, acting_user=acting_user, source=source)


@transaction.atomic
def year_plan_set(
    *,
    programme: Programme,
    year: int,
    targets: Mapping[Goal, Decimal | int | None],
    number: str = "",
    issued_on: dt.date | None = None,
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> YearPlan:
    """Record (or replace) the yearly plan of ``year`` and its targets for some goals (the others keep their
    own yearly target; a goal given None loses its target of the year)."""
    _require_programme(programme, acting_user)
    errors: Errors = {}
    if not programme.start_date.year <= year <= programme.end_date.year:
        add_error(
            errors,
            "year",
            _("The year %(year)s is outside the programme's period %(start)s–%(end)s.")
            % {"year": year, "start": programme.start_date.year, "end": programme.end_date.year},
            "year_outside",
        )
    for goal, value in targets.items():
        if value is None:
            continue
        if goal.programme_id != programme.pk:
            add_error(
                errors,
                "targets",
                _("The goal “%(goal)s” is not of this programme.") % {"goal": goal},
                "goal_other",
            )
        elif Decimal(value) < 0:
            add_error(
                errors,
                "targets",
                _("The target of “%(goal)s” is negative.") % {"goal": goal},
                "target_negative",
            )
    raise_errors(errors)
    plan = YearPlan.objects.filter(programme=programme, year=year).first()
    if plan is None:
        plan = model_create(
            instance=YearPlan(programme=programme, year=year, number=number, issued_on=issued_on, note=note),
            acting_user=acting_user,
            source=source,
        )
    else:
        plan = model_update(
            instance=plan,
            fields=("number", "issued_on", "note"),
            data={"number": number, "issued_on": issued_on, "note": note},
            acting_user=acting_user,
            source=source,
        )
    for goal, value in targets.items():
        if value is None:  # an emptied target: the goal's own target applies again
            YearTarget.objects.filter(plan=plan, goal=goal).delete()
        else:
            YearTarget.objects.update_or_create(plan=plan, goal=goal, defaults={"target": Decimal(value)})
    return plan


# -- activities ---------------------------------------------------------------------------------------------
@dataclass
class ActivityData:
    """What a form, an API call or a row of the import sheet gives for one activity. ``counts`` maps (Sex,
    AgeGroup) to a number (counted mode); ``people`` are the named participants (named mode; duplicates are
    dropped); ``participants`` is the total the user typed (None: the sum of the counts, or the names);
    ``outputs`` maps an output kind to its quantity."""

    title: str
    type: ActivityType | None
    start_date: dt.date | None
    area: Area | None
    organizer: Organization | None
    end_date: dt.date | None = None
    place: str = ""
    co_organizers: Sequence[Organization] = ()
    audience: str = ""
    programme: Programme | None = None
    goal: Goal | None = None
    description: str = ""
    participant_mode: str = ParticipantMode.COUNTED
    participants: int | None = None
    counts: Mapping[tuple[str, str], int] = field(default_factory=dict)
    people: Sequence[Person] = ()
    outputs: Mapping[OutputKind, Decimal | int] = field(default_factory=dict)


def _hidden_people(activity: Activity, scope: Any) -> list[Person]:
    """The named participants of ``activity`` that ``scope`` does not read by name."""
    if scope.unrestricted:
        return []
    named = list(Person.objects.filter(activity_participations__activity=activity))
    readable = people_readable(scope=scope, person_ids=[p.pk for p in named])
    return [p for p in named if p.pk not in readable]


def activity_check(data: ActivityData, *, scope: Any = None, known: Collection[int] = ()) -> Errors:
    """Every problem of ``data``, by field (one rule for the form, the API and the import). With ``scope``, the
    named participants must be people it reads by name (refused without naming who)."""
    errors: Errors = {}
    if not data.title.strip():
        add_error(errors, "title", _("The title is empty."), "title_empty")
    if data.type is None:
        add_error(errors, "type", _("Choose the type of activity."), "type_missing")
    if data.start_date is None:
        add_error(errors, "start_date", _("Enter the date of the activity."), "start_missing")
    check_dates(errors, data.start_date, data.end_date)
    day = data.start_date
    if data.area is None:
        add_error(errors, "area", _("Choose where the activity took place."), "area_missing")
    elif day is not None and not _valid_on(data.area, day):
        add_error(
            errors,
            "area",
            _("%(area)s did not exist on %(date)s: choose the area as it was on the day of the activity.")
            % {"area": data.area.name, "date": format_date(day)},
            "area_not_valid",
        )
    if data.organizer is None:
        add_error(
            errors, "organizer", _("Choose the organization that held the activity."), "organizer_missing"
        )
    elif day is not None and not _valid_on(data.organizer, day):
        add_error(
            errors,
            "organizer",
            _("%(organization)s did not exist on %(date)s.")
            % {"organization": data.organizer, "date": format_date(day)},
            "organizer_not_valid",
        )
    if data.organizer is not None and any(o.pk == data.organizer.pk for o in data.co_organizers):
        add_error(
            errors,
            "co_organizers",
            _("The organizer is not also one of the co-organizers."),
            "co_organizer_is_organizer",
        )
    if data.audience and data.audience not in Audience.values:
        add_error(errors, "audience", _("Choose the audience from the list."), "audience_invalid")
    _check_programme(errors, data)
    _check_participants(errors, data, scope, known)
    for kind, quantity in data.outputs.items():
        if quantity is None or Decimal(quantity) < 0:
            add_error(
                errors,
                "outputs",
                _("The quantity of “%(output)s” is negative: enter zero or more.") % {"output": kind.name},
                "output_negative",
            )
    return errors


def _check_programme(errors: Errors, data: ActivityData) -> None:
    programme, goal = data.programme, data.goal
    if goal is not None and (programme is None or goal.programme_id != programme.pk):
        add_error(errors, "goal", _("The goal is not of the programme chosen."), "goal_other_programme")
    if programme is None or data.start_date is None:
        return
    end = data.end_date or data.start_date
    if data.start_date < programme.start_date or end > programme.end_date:
        add_error(
            errors,
            "start_date",
            _("The activity (%(start)s–%(end)s) is outside the programme's period %(from)s–%(to)s.")
            % {
                "start": format_date(data.start_date),
                "end": format_date(end),
                "from": format_date(programme.start_date),
                "to": format_date(programme.end_date),
            },
            "outside_programme",
        )


def _check_participants(errors: Errors, data: ActivityData, scope: Any, known: Collection[int] = ()) -> None:
    if data.participant_mode not in ParticipantMode.values:
        add_error(errors, "participant_mode", _("Choose how participants are recorded."), "mode_invalid")
        return
    if data.participants is not None and data.participants < 0:
        add_error(
            errors, "participants", _("The number of participants is negative."), "participants_negative"
        )
    if data.participants is not None and data.participants > MAX_PARTICIPANTS:
        add_error(
            errors,
            "participants",
            _("The number of participants is more than %(n)s: check it.")
            % {"n": f"{MAX_PARTICIPANTS:,}".replace(",", ".")},
            "participants_too_many",
        )
    if data.participant_mode == ParticipantMode.NAMED:
        if data.counts and any(v for v in data.counts.values()):
            add_error(
                errors,
                "counts",
                _("Participants are either counted or named: with names, the counts come from them."),
                "counts_with_names",
            )
        distinct = {p.pk for p in data.people}
        if data.participants is not None and data.participants != len(distinct):
            add_error(
                errors,
                "participants",
                _("%(total)s participants were entered but %(named)s people are named.")
                % {"total": data.participants, "named": len(distinct)},
                "named_total_mismatch",
            )
        if scope is not None and distinct - set(known) and not scope.unrestricted:
            readable = set(known) | people_readable(scope=scope, person_ids=distinct)
            if distinct - readable:
                add_error(
                    errors,
                    "people",
                    _("%(n)s of the people named are not in your area of work.")
                    % {"n": len(distinct - readable)},
                    "person_outside",
                )
        return
    if data.people:
        add_error(
            errors,
            "people",
            _("Counted participants have no names: choose “named” to list people."),
            "names_when_counted",
        )
    total = 0
    for (sex, group), n in data.counts.items():
        if sex not in Sex.values or group not in AgeGroup.values:
            add_error(errors, "counts", _("A count has an unknown sex or age group."), "count_key_invalid")
            continue
        if n is None or n < 0:
            add_error(
                errors,
                "counts",
                _("The number of %(sex)s participants aged %(group)s is negative.")
                % {"sex": Sex(sex).label, "group": AgeGroup(group).label},
                "count_negative",
            )
            continue
        total += n
    if (
        data.counts
        and data.participants is not None
        and total != data.participants
        and "counts" not in errors
    ):
        add_error(
            errors,
            "counts",
            _("The participants by sex and age add up to %(sum)s, not to the total %(total)s.")
            % {"sum": total, "total": data.participants},
            "counts_total_mismatch",
        )


def _require_activity_write(data: ActivityData, acting_user: Actor) -> None:
    if data.organizer is not None:
        scope_of(acting_user).require_organization(data.organizer, Level.EDIT)


def activity_can_edit(*, scope: Any, activity: Activity) -> bool:
    return bool(scope.covers_organization(activity.organizer, Level.EDIT))


def _checked_files(files: Iterable[tuple[str, IO[bytes]]]) -> tuple[list[CheckedFile], Errors]:
    checked: list[CheckedFile] = []
    errors: Errors = {}
    for name, stream in files:
        found, reason = file_check(name, stream)
        if found is None:
            add_error(errors, "files", reason, "file_refused")
        else:
            checked.append(found)
    return checked, errors


def _write_children(activity: Activity, data: ActivityData) -> None:
    """Replace the counts, named participants, outputs and co-organizers of ``activity`` by ``data``'s."""
    activity.counts.all().delete()
    activity.named.all().delete()
    activity.outputs.all().delete()
    if data.participant_mode == ParticipantMode.COUNTED:
        ActivityCount.objects.bulk_create(
            ActivityCount(activity=activity, sex=sex, age_group=group, count=n)
            for (sex, group), n in sorted(data.counts.items())
            if n
        )
    else:
        seen: set[int] = set()
        rows = []
        for person in data.people:
            if person.pk not in seen:
                seen.add(person.pk)
                rows.append(ActivityParticipant(activity=activity, person=person))
        ActivityParticipant.objects.bulk_create(rows)
    ActivityOutput.objects.bulk_create(
        ActivityOutput(activity=activity, kind=kind, quantity=Decimal(q))
        for kind, q in data.outputs.items()
        if q
    )
    activity.co_organizers.set([o.pk for o in data.co_organizers])


def _total(data: ActivityData) -> int:
    if data.participant_mode == ParticipantMode.NAMED:
        return len({p.pk for p in data.people})
    if data.counts:
        return sum(n for n in data.counts.values() if n and n > 0)
    return data.participants or 0


def _fields(data: ActivityData) -> dict[str, Any]:
    return {
        "title": " ".join(data.title.split()),
        "type": data.type,
        "programme": data.programme,
        "goal": data.goal,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "area": data.area,
        "place": data.place.strip(),
        "organizer": data.organizer,
        "audience": data.audience,
        "participant_mode": data.participant_mode,
        "participants": _total(data),
        "description": data.description,
    }


ACTIVITY_FIELDS = tuple(_fields(ActivityData("", None, None, None, None)))


@transaction.atomic
def activity_create(
    *,
    data: ActivityData,
    files: Iterable[tuple[str, IO[bytes]]] = (),
    captions: Sequence[str] = (),
    acting_user: Actor = None,
    source: str = "",
) -> Activity:
    """Record an activity with its participants, outputs and files ((name, stream) pairs). Every problem of
    the data and of the files is reported at once (ValidationError by field); nothing is written then."""
    _require_activity_write(data, acting_user)
    errors = activity_check(data, scope=scope_of(acting_user))
    checked, file_errors = _checked_files(files)
    for key, found in file_errors.items():
        errors.setdefault(key, []).extend(found)
    raise_errors(errors)
    activity = Activity(**_fields(data), created_by=audit_user(acting_user))
    activity = model_create(instance=activity, acting_user=acting_user, source=source)
    _write_children(activity, data)
    _store(activity, checked, captions, acting_user, source)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    data: ActivityData,
    files: Iterable[tuple[str, IO[bytes]]] = (),
    captions: Sequence[str] = (),
    acting_user: Actor = None,
    source: str = "",
) -> Activity:
    """Replace an activity's values by ``data`` (its existing files stay; ``files`` are added)."""
    scope = scope_of(acting_user)
    scope.require_organization(activity.organizer, Level.EDIT)
    _require_activity_write(data, acting_user)
    hidden = _hidden_people(activity, scope)
    if hidden and data.participant_mode == ParticipantMode.NAMED:
        # the people named by others that she may not read stay on the activity: her form could not show
        # them, so leaving them out is not a removal (nothing entered is lost silently)
        data = replace(data, people=[*data.people, *hidden], participants=None)
    errors = activity_check(data, scope=scope, known={p.pk for p in hidden})
    checked, file_errors = _checked_files(files)
    for key, found in file_errors.items():
        errors.setdefault(key, []).extend(found)
    raise_errors(errors)
    model_update(
        instance=activity, fields=ACTIVITY_FIELDS, data=_fields(data), acting_user=acting_user, source=source
    )
    _write_children(activity, data)
    _store(activity, checked, captions, acting_user, source)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, acting_user: Actor = None, source: str = "") -> None:
    """Delete an activity recorded by mistake; refused while it has files (remove them first: a file is
    never lost with the activity)."""
    scope_of(acting_user).require_organization(activity.organizer, Level.EDIT)
    if activity.files.exists():
        raise ValidationError(
            {
                "files": [
                    _("The activity has files: it cannot be deleted. Remove it from the programme instead.")
                ]
            }
        )
    activity.counts.all().delete()
    activity.named.all().delete()
    activity.outputs.all().delete()
    activity.co_organizers.clear()
    model_delete(instance=activity, acting_user=acting_user, source=source)


def _store(
    activity: Activity,
    checked: Sequence[CheckedFile],
    captions: Sequence[str],
    acting_user: Actor,
    source: str,
) -> list[ActivityFile]:
    """Write the checked files to the storage (named by their content: the same photo twice is one file) and
    their rows. A file written by a transaction that then rolls back stays on disk unreferenced: harmless,
    and never a row without its file."""
    stored: list[ActivityFile] = []
    for i, found in enumerate(checked):
        row = ActivityFile(
            activity=activity,
            name=found.name,
            content_type=found.content_type,
            extension=found.extension,
            size=found.size,
            sha256=found.sha256,
            caption=(captions[i] if i < len(captions) else "").strip()[:250],
            uploaded_by=audit_user(acting_user),
        )
        path = activity_file_name(found)
        storage = row.file.storage
        if not storage.exists(path):
            path = storage.save(path, ContentFile(found.content))
        row.file.name = path
        stored.append(model_create(instance=row, acting_user=acting_user, source=source))
    return stored


def activity_file_name(found: CheckedFile) -> str:
    return f"activities/{found.sha256[:2]}/{found.sha256}{found.extension}"


@transaction.atomic
def file_add(
    *,
    activity: Activity,
    name: str,
    stream: IO[bytes],
    caption: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> ActivityFile:
    """Add one checked file to an activity."""
    scope_of(acting_user).require_organization(activity.organizer, Level.EDIT)
    checked, errors = _checked_files([(name, stream)])
    raise_errors(errors)
    return _store(activity, checked, [caption], acting_user, source)[0]


@transaction.atomic
def file_remove(*, activity_file: ActivityFile, acting_user: Actor = None, source: str = "") -> ActivityFile:
    """Take a file off the activity: the row stays, dated, and the file stays on disk (the audit trail and an
    administrator can bring it back)."""
    scope_of(acting_user).require_organization(activity_file.activity.organizer, Level.EDIT)
    if activity_file.removed_at is not None:
        return activity_file
    return model_update(
        instance=activity_file,
        fields=("removed_at",),
        data={"removed_at": timezone.now()},
        acting_user=acting_user,
        source=source,
    )
