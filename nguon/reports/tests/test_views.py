"""The report pages: the form, the preview, the downloads, issuing, the issued reports (re-opened as issued,
compared after a correction), the templates (administrators only), the batches — as a ward officer, as an
anonymous user, as an officer of another ward. The fake builder of ``fakes`` reads the data (women holding a
post in the area); the HTML preview is the real one."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from nguon.accounts.models import PersonalDataAccess
from nguon.organizations.services import tenure_update
from nguon.reports import services
from nguon.reports.choices import BatchStatus, ReportKind
from nguon.reports.context import (
    Chart,
    Column,
    Header,
    Paragraph,
    ReportContext,
    Section,
    Series,
    Signature,
    Table,
)
from nguon.reports.models import IssuedReport, ReportBatch, ReportTemplate
from nguon.reports.params import ReportParams
from nguon.reports.renderers import pdf
from nguon.reports.renderers.html import render_html

from . import fakes
from .fakes import fake_reports  # noqa: F401
from .world import AT, ReportWorld, report_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_reports", "real_preview")]


@pytest.fixture
def real_preview(monkeypatch: pytest.MonkeyPatch, fake_reports: None) -> None:  # noqa: F811
    """The fake builder and renderers, but the real HTML preview (what these pages show)."""
    from nguon.reports.renderers import html

    monkeypatch.setattr(html, "render_html", render_html)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _query(area: Any, **extra: str) -> dict[str, str]:
    return {
        "kind": ReportKind.REPRESENTATION,
        "area": str(area.pk),
        "start": "01/01/2015",
        "end": AT.strftime("%d/%m/%Y"),
        **extra,
    }


def _issue(rw: ReportWorld) -> IssuedReport:
    params = ReportParams(kind=ReportKind.REPRESENTATION, area=rw.world.a.area, end=AT, number="12-BC/HPN")
    return services.report_issue(params=params, acting_user=rw.world.a.editor)


# --- the HTML preview ----------------------------------------------------------------------------------------
def test_render_html_lays_out_the_document_and_escapes_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from nguon.reports import charts

    monkeypatch.setattr(
        charts,
        "chart_svg",
        lambda chart: '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    )
    context = ReportContext(
        kind="representation",
        title="BÁO CÁO",
        subtitle="Tỷ lệ nữ <b>cấp ủy</b>",
        header=Header(
            issuer="HỘI LHPN QUẬN",
            superior="THÀNH HỘI",
            number="Số 12-BC/HPN",
            place="Hoàn Kiếm",
            date=dt.date(2020, 9, 25),
        ),
        sections=(
            Section(
                "one",
                "KẾT QUẢ",
                "I.",
                blocks=(
                    Paragraph("Ở cấp cơ sở, có hơn 33% nữ.", bold_lead="Một là, "),
                    Table(
                        "t1",
                        "Bảng 1. Tỷ lệ nữ",
                        (Column("Đơn vị"), Column("Tỷ lệ", "percent")),
                        (("Phường A", "30,3%"), ("Tổng", "33,1%")),
                        total_row=True,
                    ),
                    Chart("c1", "Biểu đồ 1. Tỷ lệ nữ", "bar_target", ("A",), (Series("nữ", (0.3,)),)),
                ),
                sections=(Section("one.a", "Cấp ủy", "1.", level=2),),
            ),
        ),
        recipients=("- Thành Hội (để b/c);",),
        signature=Signature(on_behalf="TM. BAN THƯỜNG VỤ", position="CHỦ TỊCH", name="Nguyễn Thị Lan"),
    )
    html = render_html(context)
    assert "Hoàn Kiếm, ngày 25 tháng 9 năm 2020" in html
    assert "Tỷ lệ nữ &lt;b&gt;cấp ủy&lt;/b&gt;" in html  # escaped
    assert "<strong>Một là, </strong>Ở cấp cơ sở, có hơn 33% nữ." in html
    assert "I. KẾT QUẢ" in html and "1. Cấp ủy" in html
    assert 'class="table-responsive"' in html and "report-total" in html and "30,3%" in html
    assert '<div class="report-svg"><svg' in html and "<?xml" not in html
    assert "Nơi nhận:" in html and "TM. BAN THƯỜNG VỤ" in html and "Nguyễn Thị Lan" in html
    assert "style=" not in html and "<script" not in html


# --- access --------------------------------------------------------------------------------------------------
def _routes(rw: ReportWorld, issued: IssuedReport, batch: ReportBatch) -> list[str]:
    return [
        reverse("report-list"),
        reverse("report-preview") + "?kind=representation",
        reverse("report-download", kwargs={"fmt": "docx"}),
        reverse("report-issued-list"),
        reverse("report-issued-detail", args=[issued.pk]),
        reverse("report-issued-file", kwargs={"pk": issued.pk, "fmt": "xlsx"}),
        reverse("report-issued-compare", args=[issued.pk]),
        reverse("report-templates"),
        reverse("report-batch-detail", args=[batch.pk]),
        reverse("report-batch-archive", args=[batch.pk]),
    ]


def test_anonymous_users_are_sent_to_the_login_page() -> None:
    rw = report_world()
    issued = _issue(rw)
    batch = services.batch_create(
        kind="representation",
        area=rw.world.a.area,
        params=ReportParams(kind="representation", area=rw.world.a.area, end=AT),
        acting_user=rw.world.a.editor,
    )
    client = Client()
    for url in _routes(rw, issued, batch):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
    assert client.post(reverse("report-issue"), _query(rw.world.a.area)).status_code == 302
    assert not IssuedReport.objects.exclude(pk=issued.pk).exists()


def test_an_officer_of_another_ward_reads_neither_the_report_nor_the_batch() -> None:
    rw = report_world()
    issued = _issue(rw)
    batch = services.batch_create(
        kind="representation",
        area=rw.world.a.area,
        params=ReportParams(kind="representation", area=rw.world.a.area, end=AT),
        acting_user=rw.world.a.editor,
    )
    b = _client(rw.world.b.editor)
    for name in (
        "report-issued-detail",
        "report-issued-compare",
        "report-batch-detail",
        "report-batch-archive",
    ):
        key = "report-batch-detail" if "batch" in name else name
        pk = batch.pk if "batch" in key else issued.pk
        assert b.get(reverse(name, args=[pk])).status_code == 404, name
    for fmt in ("docx", "pdf", "xlsx"):
        url = reverse("report-issued-file", kwargs={"pk": issued.pk, "fmt": fmt})
        assert b.get(url).status_code == 404
    listing = b.get(reverse("report-issued-list"))
    assert listing.status_code == 200 and issued.title not in listing.content.decode()
    # ward A's area is not among B's choices: the form refuses it, nothing is built
    page = b.get(reverse("report-preview"), _query(rw.world.a.area))
    assert page.status_code == 200 and "report-paper" not in page.content.decode()
    assert page.context["form"].errors["area"]
    posted = b.post(reverse("report-issue"), _query(rw.world.a.area))  # not among her areas
    assert posted.status_code == 200 and posted.context["form"].errors["area"]
    assert IssuedReport.objects.count() == 1


# --- the form and the preview --------------------------------------------------------------------------------
def test_the_form_offers_the_scopes_areas_and_the_buttons() -> None:
    rw = report_world()
    response = _client(rw.world.a.editor).get(reverse("report-list"))
    assert response.status_code == 200
    areas = list(response.context["form"].fields["area"].queryset)
    assert rw.world.a.area in areas and rw.world.district in areas  # her analysis area: the district
    text = response.content.decode()
    for label in (
        _("Preview"),
        _("Download Word"),
        _("Download PDF"),
        _("Download the Excel annex"),
        _("Issue"),
    ):
        assert label in text
    assert 'placeholder="' + _("dd/mm/yyyy") + '"' in text
    assert "style=" not in text


def test_the_issue_button_is_only_for_editors() -> None:
    rw = report_world()
    from nguon.accounts.choices import Role
    from nguon.accounts.tests.factories import make_user

    viewer = make_user("xem_a", area=rw.world.a.area, role=Role.VIEWER)
    text = _client(viewer).get(reverse("report-list")).content.decode()
    assert f">{_('Issue')}<" not in text
    preview = _client(viewer).get(reverse("report-preview"), _query(rw.world.a.area)).content.decode()
    assert reverse("report-issue") not in preview
    assert _client(viewer).post(reverse("report-issue"), _query(rw.world.a.area)).status_code == 403


def test_preview_shows_the_figures_and_links_the_downloads() -> None:
    rw = report_world()
    response = _client(rw.world.a.editor).get(reverse("report-preview"), _query(rw.world.a.area))
    assert response.status_code == 200
    text = response.content.decode()
    assert "form" not in response.context or not response.context["form"].errors, response.context[
        "form"
    ].errors
    assert "report-paper" in text and "Có 1 nữ." in text and "I. KẾT QUẢ" in text
    assert reverse("report-download", kwargs={"fmt": "docx"}) + "?kind=representation" in text
    assert reverse("report-issue") in text  # she edits ward A: she may issue
    assert "reports/report.css" in text
    assert not IssuedReport.objects.exists()


def test_bad_input_is_refused_field_by_field_and_nothing_is_stored() -> None:
    rw = report_world()
    client = _client(rw.world.a.editor)
    response = client.get(reverse("report-preview"), _query(rw.world.a.area, end="31/02/2020", kind="nope"))
    form = response.context["form"]
    assert response.status_code == 200 and set(form.errors) >= {"end", "kind"}
    assert 'aria-invalid="true"' in response.content.decode() or "is-invalid" in response.content.decode()
    bad_order = client.get(reverse("report-preview"), _query(rw.world.a.area, start="01/01/2021"))
    assert _("The end comes before the start.") in bad_order.context["form"].errors["end"]
    posted = client.post(reverse("report-issue"), _query(rw.world.a.area, end="hôm qua"))
    assert posted.status_code == 200 and posted.context["form"].errors["end"]
    assert not IssuedReport.objects.exists()


def test_a_report_error_goes_on_its_field() -> None:
    rw = report_world()
    query = _query(rw.world.a.area, kind=ReportKind.PROGRAMME_REVIEW)
    response = _client(rw.world.a.editor).get(reverse("report-preview"), query)
    assert response.context["form"].errors["programme"] == ["Chọn chương trình phối hợp."]
    download = _client(rw.world.a.editor).get(reverse("report-download", kwargs={"fmt": "docx"}), query)
    assert download.status_code == 200 and download.context["form"].errors["programme"]


# --- downloads -----------------------------------------------------------------------------------------------
def test_downloads_word_and_the_annex_logged(monkeypatch: pytest.MonkeyPatch) -> None:
    rw = report_world()
    client = _client(rw.world.a.editor)
    word = client.get(reverse("report-download", kwargs={"fmt": "docx"}), _query(rw.world.a.area))
    assert word.status_code == 200 and word["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        word["Content-Disposition"].startswith("attachment;") and word["Cache-Control"] == "private, no-store"
    )
    assert word.content.startswith(b"DOCX|")
    assert not PersonalDataAccess.objects.exists()
    annex = client.get(reverse("report-download", kwargs={"fmt": "xlsx"}), _query(rw.world.a.area))
    assert annex.status_code == 200 and json.loads(annex.content)["names"] == ["Nguyễn Thị Hoàng Yến"]
    log = PersonalDataAccess.objects.get()
    assert log.user == rw.world.a.editor and log.people_count == 1 and log.kind == "download"


def test_pdf_without_libreoffice_shows_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "docx_to_pdf", fakes.no_pdf)
    rw = report_world()
    response = _client(rw.world.a.editor).get(
        reverse("report-download", kwargs={"fmt": "pdf"}), _query(rw.world.a.area)
    )
    assert response.status_code == 200
    assert "Không tạo được tệp PDF: chưa cài LibreOffice." in response.content.decode()


# --- issuing, re-opening, comparing --------------------------------------------------------------------------
def test_issue_then_reopen_as_issued_after_a_correction_and_compare() -> None:
    rw = report_world()
    client = _client(rw.world.a.editor)
    response = client.post(reverse("report-issue"), _query(rw.world.a.area, number="12-BC/HPN"))
    issued = IssuedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "report-issued-detail", args=[issued.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Có 1 nữ." in page and issued.context_sha256 in page and "12-BC/HPN" in page

    listing = client.get(reverse("report-issued-list")).content.decode()
    assert issued.title in listing and "12-BC/HPN" in listing

    yen = next(t for t in rw.tenures if t.person.full_name == "Nguyễn Thị Hoàng Yến")
    tenure_update(
        tenure=yen, data={"end_date": dt.date(2020, 6, 30), "end_reason": "resigned"}, acting_user=rw.admin
    )

    again = client.get(reverse("report-issued-detail", args=[issued.pk])).content.decode()
    assert "Có 1 nữ." in again  # as issued
    compare = client.get(reverse("report-issued-compare", args=[issued.pk]))
    assert compare.status_code == 200
    text = compare.content.decode()
    rows = {r["c"].key: r for r in compare.context["rows"]}
    assert rows["women"]["c"].before_text == "1 nữ" and rows["women"]["c"].after_text == "0 nữ"
    assert rows["women"]["difference"] == "−1" and rows["women"]["removed"] == ["Nguyễn Thị Hoàng Yến"]
    assert "Nguyễn Thị Hoàng Yến" in text and "Số nữ" in text
    assert compare.context["unchanged"] == 0  # "all" went from 2 to 1 too

    word = client.get(reverse("report-issued-file", kwargs={"pk": issued.pk, "fmt": "docx"}))
    with issued.docx.open("rb") as f:
        assert word.content == f.read()
    annex = client.get(reverse("report-issued-file", kwargs={"pk": issued.pk, "fmt": "xlsx"}))
    assert annex.status_code == 200 and PersonalDataAccess.objects.filter(kind="download").count() == 1


def test_the_district_reader_sees_ward_b_people_counted_not_named() -> None:
    """Ward A's officer analyses the district: a district report's changes name her ward's people only."""
    rw = report_world()
    params = ReportParams(kind=ReportKind.REPRESENTATION, area=rw.world.district, end=AT)
    issued = services.report_issue(params=params, acting_user=rw.district_editor)
    tram = next(t for t in rw.tenures if t.person.full_name == "Quách Thị Bảo Trâm")
    tenure_update(
        tenure=tram, data={"end_date": dt.date(2020, 6, 30), "end_reason": "resigned"}, acting_user=rw.admin
    )
    client = _client(rw.world.a.editor)
    text = client.get(reverse("report-issued-compare", args=[issued.pk])).content.decode()
    assert "Quách" not in text and "Trâm" not in text
    detail = client.get(reverse("report-issued-detail", args=[issued.pk])).content.decode()
    assert rw.district_editor.username not in detail  # the issuer: a user of the district, not named to her
    assert (
        client.get(reverse("report-issued-file", kwargs={"pk": issued.pk, "fmt": "docx"})).status_code == 403
    )


def test_issued_list_queries_do_not_grow_with_the_reports() -> None:
    rw = report_world()
    client = _client(rw.world.a.editor)
    _issue(rw)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("report-issued-list")).status_code == 200
    for _i in range(3):
        _issue(rw)
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("report-issued-list"))
    assert len(response.context["rows"]) == 4
    assert len(four) == len(one) <= 8, [q["sql"] for q in four.captured_queries]


# --- templates -----------------------------------------------------------------------------------------------
def _upload(client: Client, data: bytes, name: str = "Mẫu quận") -> Any:
    return client.post(
        reverse("report-templates"),
        {"kind": "representation", "name": name, "file": io.BytesIO(data)},
    )


def test_templates_are_for_administrators_only() -> None:
    rw = report_world()
    a = _client(rw.world.a.editor)
    assert a.get(reverse("report-templates")).status_code == 403
    assert _upload(a, b"TPL").status_code == 403
    template = services.template_upload(kind="representation", name="Mẫu", data=b"TPL", acting_user=rw.admin)
    for url in (
        reverse("report-template-file", args=[template.pk]),
        reverse("report-template-default", kwargs={"kind": "representation"}),
    ):
        assert a.get(url).status_code == 403
    assert a.post(reverse("report-template-deactivate", args=[template.pk])).status_code == 403
    assert ReportTemplate.objects.get().active


def test_a_template_with_problems_is_refused_with_them_listed() -> None:
    rw = report_world()
    admin = _client(rw.admin)
    response = _upload(admin, b"{{ broken template")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Thẻ {{ broken chưa đóng." in text and "đoạn 3" in text and "<code>{{ broken</code>" in text
    assert not ReportTemplate.objects.exists()


def test_upload_download_and_deactivate_a_template() -> None:
    rw = report_world()
    admin = _client(rw.admin)
    assert _upload(admin, b"TPL-OK").status_code == 302
    template = ReportTemplate.objects.get()
    page = admin.get(reverse("report-templates")).content.decode()
    assert "Mẫu quận" in page and reverse("report-template-file", args=[template.pk]) in page
    assert admin.get(reverse("report-template-file", args=[template.pk])).content == b"TPL-OK"
    assert admin.post(reverse("report-template-deactivate", args=[template.pk])).status_code == 302
    template.refresh_from_db()
    assert not template.active
    default = admin.get(reverse("report-template-default", kwargs={"kind": "representation"}))
    shipped = services.__file__.rsplit("/", 1)[0] + "/default_templates/representation.docx"
    import os

    assert default.status_code == (200 if os.path.exists(shipped) else 404)


# --- batches -------------------------------------------------------------------------------------------------
def test_a_batch_runs_and_offers_its_zip() -> None:
    rw = report_world()
    client = _client(rw.district_editor)
    response = client.post(
        reverse("report-batch-add"),
        {"batch-kind": "representation", "batch-area": rw.world.district.pk, "batch-end": "25/09/2020"},
    )
    batch = ReportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "report-batch-detail", args=[batch.pk]
    )
    assert batch.status == BatchStatus.DONE and batch.done == 2
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and reverse("report-batch-archive", args=[batch.pk]) in page
    assert 'hx-trigger="every 1s"' not in page  # done: no more polling
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert fragment.content.decode().startswith('<div id="batch-progress"')
    archive = client.get(reverse("report-batch-archive", args=[batch.pk]))
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        assert len(z.namelist()) == 2
    assert _client(rw.world.a.editor).get(reverse("report-batch-detail", args=[batch.pk])).status_code == 404


def test_a_running_batch_is_polled() -> None:
    rw = report_world()
    batch = services.batch_create(
        kind="representation",
        area=rw.world.district,
        params=ReportParams(kind="representation", area=rw.world.district, end=AT),
        acting_user=rw.district_editor,
    )
    page = _client(rw.district_editor).get(reverse("report-batch-detail", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and reverse("report-batch-detail", args=[batch.pk]) in page


def test_a_bad_batch_request_says_why() -> None:
    rw = report_world()
    client = _client(rw.world.a.editor)
    response = client.post(reverse("report-batch-add"), {"batch-kind": "representation"}, follow=True)
    assert not ReportBatch.objects.exists()
    assert any(_("area").lower() in str(m).lower() for m in response.context["messages"])
