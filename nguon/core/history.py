"""The history of changes of records, for display (who, when, what changed from what to what, from where),
and the version token of a record that forms carry so that two officers never overwrite each other silently.

Generic: it reads ``AuditRecord`` rows and the models' own field declarations (labels, choices, foreign
keys), so it knows no domain model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .audit import snapshot
from .formats import format_date
from .models import AuditAction, AuditRecord

#: Fields never shown in a history: ids and keys derived from other fields.
HIDDEN_FIELDS = frozenset({"id", "search_key", "sort_key", "path"})
#: The most records a page shows of one history (the full history is in the person's own-data export).
LIMIT = 200


def record_version(instance: models.Model) -> str:
    """A short token of a row's current values: it changes whenever any stored value changes. A form
    carries the token of the values it was opened with; the service compares it, under ``select_for_update``,
    with the row's token then, and refuses the write when someone else changed the row meanwhile."""
    data = json.dumps(snapshot(instance), sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Change:
    """One field of one record changed: its label, the value before and after, as users read them."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    """One audit record for display."""

    at: dt.datetime
    at_display: str
    who: str
    action: str
    action_code: str
    what: str
    kind: str
    source: str
    changes: Sequence[Change] = field(default_factory=tuple)


def _field(model: type[models.Model] | None, attname: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for f in model._meta.concrete_fields:
        if f.attname == attname or f.name == attname:
            return f
    try:
        found = model._meta.get_field(attname)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _display(f: models.Field[Any, Any] | None, value: Any, names: dict[tuple[str, str], str]) -> str:
    """A stored (JSON) value as users read it: choice labels, dd/mm/yyyy dates, có/không, related names."""
    if value is None or value == "":
        return "—"
    if f is None:
        return str(value)
    if f.is_relation and f.related_model is not None:
        related = f.related_model._meta.label_lower
        return names.get((related, str(value)), f"#{value}")
    if f.choices:
        for code, text in f.flatchoices:
            if str(code) == str(value):
                return str(text)
        return str(value)
    if isinstance(f, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(f, models.DateTimeField):
        return str(value)
    if isinstance(f, models.DateField):
        try:
            return format_date(dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    return str(value)


def _related_names(records: Sequence[AuditRecord]) -> dict[tuple[str, str], str]:
    """The names of every related row a history mentions, one query per related model."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for r in records:
        model = _model(r.model)
        if not isinstance(r.changes, dict):
            continue
        for attname, pair in r.changes.items():
            f = _field(model, attname)
            if f is None or not f.is_relation or f.related_model is None or not isinstance(pair, list):
                continue
            for v in pair:
                if v not in (None, ""):
                    wanted[f.related_model._meta.label_lower].add(str(v))
    names: dict[tuple[str, str], str] = {}
    for label, ids in wanted.items():
        related = apps.get_model(label)
        for obj in related._default_manager.filter(pk__in=sorted(ids)).select_related():
            names[(label, str(obj.pk))] = str(obj)
    return names


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def history_records(objects: Iterable[tuple[type[models.Model], Iterable[Any]]]) -> list[AuditRecord]:
    """The audit records of these objects ((model, primary keys) pairs), newest first, in one query."""
    q = Q()
    for model, pks in objects:
        ids = [str(pk) for pk in pks]
        if ids:
            q |= Q(model=model._meta.label_lower, object_id__in=ids)
    if not q:
        return []
    return list(AuditRecord.objects.filter(q).select_related("user").order_by("-at", "-id")[:LIMIT])


def history_entries(records: Sequence[AuditRecord]) -> list[HistoryEntry]:
    """The records as users read them: field labels and choice labels in the active language, dates
    dd/mm/yyyy, related rows by name (one query per related model), derived keys left out."""
    names = _related_names(records)
    entries = []
    for r in records:
        model = _model(r.model)
        changes: list[Change] = []
        if isinstance(r.changes, dict) and r.object_id != "*":
            for attname, pair in r.changes.items():
                if attname in HIDDEN_FIELDS or not isinstance(pair, list) or len(pair) != 2:
                    continue
                if r.action == AuditAction.CREATE and pair[1] in (None, ""):
                    continue  # a creation lists the values given, not the fields left empty
                f = _field(model, attname)
                label = capfirst(str(f.verbose_name)) if f is not None else attname
                changes.append(Change(label, _display(f, pair[0], names), _display(f, pair[1], names)))
        user = r.user
        who = (
            (user.get_full_name() or user.get_username())
            if user is not None
            else _("system (import or command line)")
        )
        local = timezone.localtime(r.at) if timezone.is_aware(r.at) else r.at
        entries.append(
            HistoryEntry(
                at=r.at,
                at_display=f"{format_date(local.date())} {local:%H:%M}",
                who=who,
                action=str(AuditAction(r.action).label) if r.action in AuditAction.values else r.action,
                action_code=r.action,
                what=r.object_repr,
                kind=capfirst(str(model._meta.verbose_name)) if model is not None else r.model,
                source=r.source,
                changes=tuple(changes),
            )
        )
    return entries
