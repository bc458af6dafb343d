"""What a report is asked for (ReportParams): the kind, the area, the period, the reference date, the
programme or the union, and the document's own lines (number, place, signer). One dataclass for the CLI,
the page, the API and the batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from nguon.areas.models import Area
from nguon.organizations.models import Organization
from nguon.programmes.models import Programme


@dataclass(frozen=True)
class ReportParams:
    kind: str  # a ReportKind value
    area: Area
    start: dt.date | None = None
    end: dt.date | None = None
    at: dt.date | None = None  # the figures' reference date; default ``end``, else today
    programme: Programme | None = None  # programme_review (required)
    organization: Organization | None = None  # annual_activity: the union (required); else the issuer
    number: str = ""  # "Số 12-BC/HPN"; blank: left for the office to fill
    place: str = ""  # the date line's place; default: the area's short name ("Hoàn Kiếm")
    issued_on: dt.date | None = None  # the date line's date; default ``end``
    signer: str = ""
    signer_position: str = ""  # "CHỦ TỊCH"
    on_behalf: str = ""  # "TM. BAN THƯỜNG VỤ"

    @property
    def reference_date(self) -> dt.date:
        return self.at or self.end or dt.date.today()

    def as_json(self) -> dict[str, Any]:
        """What the issued report stores as its parameters (ids and ISO dates)."""
        return {
            "kind": self.kind,
            "area": self.area.code,
            "area_id": self.area.pk,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "at": self.reference_date.isoformat(),
            "programme": self.programme.pk if self.programme else None,
            "organization": self.organization.pk if self.organization else None,
            "number": self.number,
            "place": self.place,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "signer": self.signer,
            "signer_position": self.signer_position,
            "on_behalf": self.on_behalf,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportParams:
        """Back from ``as_json`` (the area by id: codes are reused after 2025)."""

        def day(v: str | None) -> dt.date | None:
            return dt.date.fromisoformat(v) if v else None

        return cls(
            kind=data["kind"],
            area=Area.objects.get(pk=data["area_id"]),
            start=day(data.get("start")),
            end=day(data.get("end")),
            at=day(data.get("at")),
            programme=Programme.objects.get(pk=data["programme"]) if data.get("programme") else None,
            organization=Organization.objects.get(pk=data["organization"])
            if data.get("organization")
            else None,
            number=data.get("number", ""),
            place=data.get("place", ""),
            issued_on=day(data.get("issued_on")),
            signer=data.get("signer", ""),
            signer_position=data.get("signer_position", ""),
            on_behalf=data.get("on_behalf", ""),
        )
