"""A tiny builder and renderers for the tests of the services, API and command: the builder reads the data
(the women holding a post in the area's organizations on the reference date), so that a correction after
issuing changes what it builds; the renderers write the context's JSON (no Word, no LibreOffice)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable

import pytest

from nguon.core.scope import Level, Scope
from nguon.organizations.models import Tenure
from nguon.people.selectors import people_readable
from nguon.reports import builders
from nguon.reports.builders import ReportError
from nguon.reports.choices import ReportKind
from nguon.reports.context import Figure, Header, Paragraph, Person, ReportContext, Section
from nguon.reports.params import ReportParams
from nguon.reports.renderers import docx, pdf, xlsx
from nguon.reports.renderers.docx import TemplateProblem


def build(*, scope: Scope, params: ReportParams) -> ReportContext:
    if params.kind == ReportKind.PROGRAMME_REVIEW and params.programme is None:
        raise ReportError("Chọn chương trình phối hợp.", "programme")
    at = params.reference_date
    held = (
        Tenure.objects.filter(post__organization__area__path__startswith=params.area.path)
        .filter(start_date__lte=at)
        .exclude(end_date__lt=at)
        .select_related("person")
    )
    women = {t.person_id: t.person.full_name for t in held if t.person.sex == "F"}
    everyone = {t.person_id for t in held}
    named = people_readable(scope=scope, person_ids=women, level=Level.VIEW)
    people = tuple(Person(i, women[i]) for i in sorted(women) if i in named)
    figures = (
        Figure("women", "Số nữ", len(women), f"{len(women)} nữ", "người", people, len(women) - len(people)),
        Figure("all", "Tổng số", len(everyone), str(len(everyone)), "người"),
    )
    return ReportContext(
        kind=params.kind,
        title="BÁO CÁO",
        subtitle=f"Thử nghiệm {params.area.name}",
        header=Header(issuer="HỘI LHPN THỬ", place="Thử", date=at),
        sections=(
            Section("one", "KẾT QUẢ", "I.", blocks=(Paragraph(f"Có {len(women)} nữ.", figures=("women",)),)),
        ),
        figures=figures,
        area_code=params.area.code,
        area_name=params.area.name,
        start=params.start,
        end=params.end,
        at=at,
        built_at=dt.datetime(2026, 1, 1, 8, 0),
    )


def render_docx(context: ReportContext, *, template: bytes | None = None) -> bytes:
    return b"DOCX" + (template or b"") + b"|" + context.dumps()


def check_template(data: bytes, *, kind: str) -> list[TemplateProblem]:
    if b"{{ broken" in data:
        return [TemplateProblem("Thẻ {{ broken chưa đóng.", tag="{{ broken", where="đoạn 3")]
    return []


def docx_to_pdf(data: bytes) -> bytes:
    return b"%PDF-" + data[:20]


def no_pdf(data: bytes) -> bytes:
    raise pdf.PdfUnavailable("Không tạo được tệp PDF: chưa cài LibreOffice.")


def render_annex(
    context: ReportContext, *, readable: Callable[[Iterable[int]], set[int]] | None = None
) -> bytes:
    ids = context.person_ids()
    allowed = readable(ids) if readable else set()
    names = sorted(p.name for f in context.figures for p in f.people if p.id in allowed)
    return json.dumps({"names": names}).encode()


def render_html(context: ReportContext) -> str:
    return f"<h1>{context.subtitle}</h1>"


@pytest.fixture
def fake_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builders, "MODULES", {k: __name__ for k in ReportKind})
    monkeypatch.setattr(docx, "render_docx", render_docx)
    monkeypatch.setattr(docx, "check_template", check_template)
    monkeypatch.setattr(pdf, "docx_to_pdf", docx_to_pdf)
    monkeypatch.setattr(xlsx, "render_annex", render_annex)
    from nguon.reports.renderers import html

    monkeypatch.setattr(html, "render_html", render_html)
