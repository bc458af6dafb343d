"""API of the pipeline: the rule check of an area on a date (the findings of ``pipeline.checks``), scoped:
people outside the caller's scope are counted (``hidden``), never named."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import Text10, UserDate
from nguon.api.errors import ERRORS
from nguon.core.scope import Level

from .checks import check_area_get, findings

router = Router(tags=["pipeline"])


class ChecksQuery(Schema):
    area: Text10 = Field(..., description="Area code (on the date).")
    at: UserDate | None = Field(None, description="Date of the check (default: today).")


class FindingSchema(Schema):
    """One violation or gap: ``person`` null for people outside the caller's scope (counted in ``hidden``);
    ``proposal`` "remove" for over-age and discipline (proposed, never applied)."""

    code: str
    document: str
    person: str | None
    post: str
    organization: str
    explanation: str
    proposal: str | None
    pool: int
    entry: int | None
    hidden: int


class ChecksSchema(Schema):
    area_code: str
    area_name: str
    at: dt.date
    count: int
    findings: list[FindingSchema]


@router.get("/pipeline/checks/", response={200: ChecksSchema, **ERRORS}, summary="Planning rule check")
def pipeline_checks_api(request: HttpRequest, query: Query[ChecksQuery]) -> dict[str, Any]:
    """Every violation and gap of the planning rules in the area's pools on ``at`` (the area inside the
    caller's view scope; 404 otherwise)."""
    scope = api_scope(request, Level.VIEW)
    at = query.at or timezone.localdate()
    try:
        area = check_area_get(scope=scope, code=query.area, at=at)
    except ValidationError as error:
        raise ValidationError({"area": error.messages}) from error
    found = findings(scope=scope, area=area, at=at)
    named = {f.person_id for f in found if f.person_id}
    if named:  # names of people with their faults: personal data (Decree 13/2023/NĐ-CP), the read is logged
        personal_data_logged(
            user=request.user,
            kind=AccessKind.API,
            what=_("API: planning checks of %(area)s") % {"area": area.name},
            people_count=len(named),
            path=request.get_full_path(),
        )
    return {
        "area_code": area.code,
        "area_name": area.name,
        "at": at,
        "count": len(found),
        "findings": [f.as_dict() for f in found],
    }
