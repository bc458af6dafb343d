"""Writes of indicator definitions, age thresholds and targets: the shipped catalogue and users' own.

Who owns which field of a shipped row (``builtin``), so that a user's edit is never undone silently:

- **The catalogue's**: what a shipped definition *is* — an indicator's population, filters, numerator and
  count unit; a target's indicator, document, document date, title, level and comparator. The sync always
  sets them; the admin shows them read-only on shipped rows (to count differently, add an indicator).
- **The user's once edited**: what a local office adapts — an indicator's name, description and order; a
  target's value, dates, deadline, confidence and note; an age threshold's years and source. The sync sets
  such a field only while it still holds the value the catalogue last shipped (kept in ``shipped``); once a
  user has changed it, the user's value stays, and a later catalogue change of it is recorded, not applied.

Every row the sync creates or changes gets its own audit record (source ``catalogue``), and the counts it
returns say what it did.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction

from nguon.core.audit import Actor, audit_record, audit_user, diff, snapshot
from nguon.core.models import AuditAction, AuditRecord
from nguon.core.services import model_update

from .models import AgeThreshold, Indicator, Target

CATALOGUE = Path(__file__).with_name("catalogue.toml")
SOURCE = "catalogue"

INDICATOR_CATALOGUE_FIELDS = (
    "population", "unit", "numerator", "numerator_value", "scopes", "body_kinds", "key_post", "leader",
    "start_reasons",
)  # fmt: skip
INDICATOR_USER_FIELDS = ("name", "description", "rank")
TARGET_CATALOGUE_FIELDS = ("indicator", "document", "document_date", "title", "level", "comparator")
TARGET_USER_FIELDS = ("value", "effective_from", "valid_to", "deadline", "confidence", "note")
AGE_THRESHOLD_USER_FIELDS = ("years", "source")
_DATES = ("document_date", "effective_from", "valid_to", "deadline")


def _plain(value: Any) -> Any:
    """A field value as JSON-ready data that compares equal when the values are equal (15 == 15.00)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def _catalogue_value(model: type[models.Model], name: str, row: Mapping[str, Any]) -> Any:
    """The value the catalogue gives ``name`` (the field's default, null or "" when the file omits it)."""
    f = model._meta.get_field(name)
    assert isinstance(f, models.Field)
    if name in row:
        value = row[name]
        if name == "value":
            return Decimal(str(value))
        if isinstance(value, dt.datetime):
            return value.date()
        return value
    if f.has_default():
        return f.get_default()
    return None if f.null else ""


@dataclass
class SyncCounts:
    """What a sync did: rows in the file, rows created, rows changed, rows where a user's edit was kept
    against a different catalogue value, and rows left alone (unchanged)."""

    rows: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    kept: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            **self.rows,
            "created": self.created,
            "updated": self.updated,
            "kept_user_edits": self.kept,
            "unchanged": self.unchanged,
        }


def _sync_row(
    *,
    model: type[models.Model],
    existing: models.Model | None,
    key: dict[str, Any],
    values: dict[str, Any],
    user_fields: tuple[str, ...],
    counts: SyncCounts,
    acting_user: Actor,
) -> models.Model:
    """Create or bring one shipped row up to the catalogue, keeping the fields a user has edited."""
    shipped = {name: _plain(value) for name, value in values.items()}
    if existing is None:
        row = model(**key, **values, builtin=True, shipped=shipped)
        row.full_clean()
        row.save()
        audit_record(acting_user=acting_user, action=AuditAction.CREATE, instance=row, source=SOURCE)
        counts.created += 1
        return row
    row = existing
    before = snapshot(row)
    last: dict[str, Any] = getattr(row, "shipped", None) or {}
    kept: dict[str, list[Any]] = {}
    changed = False
    for name, value in values.items():
        current = _plain(getattr(row, name))
        if current == shipped[name]:
            continue
        if name in user_fields and (name not in last or current != last[name]):
            kept[name] = [current, shipped[name]]  # the user's edit (or a value of unknown origin) stays
            continue
        setattr(row, name, value)
        changed = True
    catalogue_moved = last != shipped
    if not row.builtin:  # type: ignore[attr-defined]
        row.builtin = True  # type: ignore[attr-defined]
        changed = True
    row.shipped = shipped  # type: ignore[attr-defined]
    if not changed and not catalogue_moved:
        counts.kept += bool(kept)
        counts.unchanged += not kept
        return row
    row.full_clean()
    row.save()
    changes: dict[str, Any] = {k: v for k, v in diff(before, snapshot(row)).items() if k != "shipped"}
    kept_new = {k: v for k, v in kept.items() if last.get(k) != shipped[k]}
    if kept_new:
        changes["kept_user_edits"] = kept_new  # the catalogue changed these too: recorded, not applied
    if changes:
        AuditRecord.objects.create(
            user=audit_user(acting_user),
            action=AuditAction.UPDATE,
            model=row._meta.label_lower,
            object_id=str(row.pk),
            object_repr=str(row)[:300],
            changes=changes,
            source=SOURCE,
        )
    counts.updated += changed
    counts.kept += bool(kept)
    counts.unchanged += not changed and not kept
    return row


@transaction.atomic
def catalogue_sync(*, path: Path = CATALOGUE, acting_user: Actor = None) -> dict[str, int]:
    """Load the shipped catalogue (idempotent by code): create what is missing, apply the catalogue's
    changes, keep what users edited (see the module's docstring), one audit record per row written.
    Rows users added themselves are left alone, and so are shipped rows the file no longer lists."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    counts = SyncCounts()

    thresholds = {t.level: t for t in AgeThreshold.objects.all()}
    for row in data.get("age_threshold", []):
        values = {name: _catalogue_value(AgeThreshold, name, row) for name in AGE_THRESHOLD_USER_FIELDS}
        _sync_row(
            model=AgeThreshold,
            existing=thresholds.get(row["level"]),
            key={"level": row["level"]},
            values=values,
            user_fields=AGE_THRESHOLD_USER_FIELDS,
            counts=counts,
            acting_user=acting_user,
        )
    counts.rows["age_thresholds"] = len(data.get("age_threshold", []))

    indicators = {i.code: i for i in Indicator.objects.all()}
    for row in data.get("indicator", []):
        if row["code"] in indicators and not indicators[row["code"]].builtin:
            continue  # a user's own indicator that happens to bear the code: theirs
        values = {
            name: _catalogue_value(Indicator, name, row)
            for name in (*INDICATOR_USER_FIELDS, *INDICATOR_CATALOGUE_FIELDS)
        }
        indicators[row["code"]] = _sync_row(  # type: ignore[assignment]
            model=Indicator,
            existing=indicators.get(row["code"]),
            key={"code": row["code"]},
            values=values,
            user_fields=INDICATOR_USER_FIELDS,
            counts=counts,
            acting_user=acting_user,
        )
    counts.rows["indicators"] = len(data.get("indicator", []))

    targets = {t.code: t for t in Target.objects.all()}
    for row in data.get("target", []):
        if row["code"] in targets and not targets[row["code"]].builtin:
            continue
        values = {
            name: _catalogue_value(Target, name, row)
            for name in (*TARGET_USER_FIELDS, *TARGET_CATALOGUE_FIELDS)
            if name != "indicator"
        }
        values["indicator"] = indicators[row["indicator"]]
        _sync_row(
            model=Target,
            existing=targets.get(row["code"]),
            key={"code": row["code"]},
            values=values,
            user_fields=TARGET_USER_FIELDS,
            counts=counts,
            acting_user=acting_user,
        )
    counts.rows["targets"] = len(data.get("target", []))
    return counts.as_dict()


def _editable(instance: Indicator | Target | AgeThreshold, user_fields: tuple[str, ...]) -> tuple[str, ...]:
    """What a user may change: on a shipped row, the user's fields; on their own row, every field."""
    if getattr(instance, "builtin", False):
        return user_fields
    return tuple(f.name for f in instance._meta.concrete_fields if f.editable and not f.primary_key)


def target_update(*, target: Target, data: Mapping[str, Any], acting_user: Actor) -> Target:
    """Change a target (a shipped one: only its value, dates, deadline, confidence and note)."""
    with transaction.atomic():
        return model_update(
            instance=target,
            fields=_editable(target, TARGET_USER_FIELDS),
            data=data,
            acting_user=acting_user,
            source="web",
        )


def indicator_update(*, indicator: Indicator, data: Mapping[str, Any], acting_user: Actor) -> Indicator:
    """Change an indicator (a shipped one: only its name, description and order)."""
    with transaction.atomic():
        return model_update(
            instance=indicator,
            fields=_editable(indicator, INDICATOR_USER_FIELDS),
            data=data,
            acting_user=acting_user,
            source="web",
        )


def age_threshold_update(
    *, threshold: AgeThreshold, data: Mapping[str, Any], acting_user: Actor
) -> AgeThreshold:
    """Change an age threshold (a province's own rule for communes, say): years and source."""
    with transaction.atomic():
        return model_update(
            instance=threshold,
            fields=AGE_THRESHOLD_USER_FIELDS,
            data=data,
            acting_user=acting_user,
            source="web",
        )
