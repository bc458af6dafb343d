"""Reports' part of the scope walk (nguon/web/tests/test_scope_walk.py): an issued report of ward A and one of
ward B (ward B's names the people behind its figures, issued by B's editor), and a batch asked by B's editor.
Ward A's officers must not read B's batch, nor any name of B (its people, its issuer) through the issued
reports' pages and files (counts only)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile

from nguon.reports.choices import BatchStatus, ReportKind
from nguon.reports.context import Figure, Header, Paragraph, Person, ReportContext, Section, Signature
from nguon.reports.models import IssuedReport, ReportBatch

WORDS = {
    **dict.fromkeys(["issued"], "issuedreport"),
    **dict.fromkeys(["batch", "batches"], "reportbatch"),
}
KIND_MODELS: dict[str, Any] = {"issuedreport": IssuedReport, "reportbatch": ReportBatch}


def _context(area: Any, people: list[Any], name: str) -> ReportContext:
    women = tuple(Person(p.pk, p.full_name) for p in people if p.sex == "F")
    return ReportContext(
        kind=ReportKind.REPRESENTATION,
        title="BÁO CÁO",
        subtitle=f"Tỷ lệ nữ tham gia cấp ủy phường Thử {name}",
        header=Header(issuer=f"HỘI LHPN PHƯỜNG THỬ {name.upper()}", place="Thử", date=dt.date(2025, 10, 15)),
        sections=(
            Section(
                "results",
                "KẾT QUẢ",
                "I.",
                blocks=(Paragraph(f"Có {len(women)} nữ giữ chức danh.", figures=("women",)),),
            ),
        ),
        figures=(Figure("women", "Số nữ giữ chức danh", len(women), str(len(women)), "người", women),),
        signature=Signature(position="CHỦ TỊCH", name=f"Chủ tịch Thử {name}"),
        area_code=area.code,
        area_name=area.name,
        at=dt.date(2025, 10, 15),
    )


def _issued(ward: dict[str, list[Any]], name: str, issuer: Any) -> None:
    area = ward["area"][0]
    context = _context(area, ward["person"], name)
    docx = b"PK\x03\x04 not a real Word file " + context.dumps()
    report = IssuedReport(
        kind=context.kind,
        title=context.subtitle,
        number=f"12-BC/HPN-{name}",
        area=area,
        at=dt.date(2025, 10, 15),
        params={"kind": context.kind, "area": area.code, "area_id": area.pk, "at": "2025-10-15"},
        context=context.as_json(),
        context_sha256=context.sha256(),
        docx_sha256=hashlib.sha256(docx).hexdigest(),
        issued_by=issuer,
    )
    report.docx.save(f"bao-cao-{name}.docx", ContentFile(docx), save=False)
    report.save()
    ward["issuedreport"] = [report]
    batch = ReportBatch.objects.create(
        kind=ReportKind.REPRESENTATION,
        area=area,
        params=report.params,
        status=BatchStatus.DONE,
        total=1,
        done=1,
        requested_by=issuer,
        message=f"Phường Thử {name}: xong",
    )
    batch.archive.save(f"lo-bao-cao-{name}.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)
    ward["reportbatch"] = [batch]


def extend(world: Any) -> None:
    _issued(world.b, "Bình", world.b["user"][0])
    _issued(world.a, "An", world.officers["editor of A"])


def snapshot(world: Any) -> dict[str, list[dict[str, Any]]]:
    areas = [a.pk for a in world.b["area"]]
    return {
        "issued_reports": [
            dict(r) for r in IssuedReport.objects.filter(area__in=areas).order_by("pk").values()
        ],
        "report_batches": [
            dict(r) for r in ReportBatch.objects.filter(area__in=areas).order_by("pk").values()
        ],
    }
