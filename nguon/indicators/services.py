"""Writes of indicator definitions, age thresholds and targets: the shipped catalogue and users' own."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from nguon.core.audit import Actor, audit_bulk

from .models import AgeThreshold, Indicator, Target

CATALOGUE = Path(__file__).with_name("catalogue.toml")
_INDICATOR_FIELDS = (
    "name", "description", "population", "unit", "numerator", "numerator_value", "scopes", "body_kinds",
    "key_post", "leader", "start_reasons", "rank",
)  # fmt: skip
_TARGET_FIELDS = (
    "document", "document_date", "title", "level", "comparator", "value", "effective_from", "valid_to",
    "deadline", "confidence", "note",
)  # fmt: skip


def _defaults(row: dict[str, Any], fields: tuple[str, ...], model: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        f = model._meta.get_field(name)
        if name in row:
            value = row[name]
            out[name] = Decimal(str(value)) if name == "value" else value
        elif f.has_default():
            out[name] = f.get_default()
        elif f.null:
            out[name] = None
        else:
            out[name] = ""
    return out


@transaction.atomic
def catalogue_sync(*, path: Path = CATALOGUE, acting_user: Actor = None) -> dict[str, int]:
    """Load the shipped catalogue (idempotent by code). Rows users added are left alone; shipped rows are
    brought back to what the file says."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    counts = {"indicators": 0, "targets": 0, "age_thresholds": 0, "changed": 0}
    for row in data.get("age_threshold", []):
        _, created = AgeThreshold.objects.update_or_create(
            level=row["level"], defaults={"years": row["years"], "source": row.get("source", "")}
        )
        counts["age_thresholds"] += 1
        counts["changed"] += created
    indicators: dict[str, Indicator] = {}
    for row in data.get("indicator", []):
        defaults = {**_defaults(row, _INDICATOR_FIELDS, Indicator), "builtin": True}
        indicator, created = Indicator.objects.update_or_create(code=row["code"], defaults=defaults)
        indicators[indicator.code] = indicator
        counts["indicators"] += 1
        counts["changed"] += created
    for row in data.get("target", []):
        for date_field in ("document_date", "effective_from", "valid_to", "deadline"):
            if isinstance(row.get(date_field), dt.datetime):
                row[date_field] = row[date_field].date()
        defaults = {
            **_defaults(row, _TARGET_FIELDS, Target),
            "builtin": True,
            "indicator": indicators[row["indicator"]],
        }
        _, created = Target.objects.update_or_create(code=row["code"], defaults=defaults)
        counts["targets"] += 1
        counts["changed"] += created
    if counts["changed"]:
        audit_bulk(
            acting_user=acting_user, model="indicators.indicator", summary=counts, source="catalogue.toml"
        )
    return counts
