"""The reports' services: issue (context, file, hashes), re-open as issued, compare with corrected data,
templates, batches. A fake builder reads the data (``fakes.build``); the real builders and renderers are
tried at the end, skipped while they are placeholders."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_for
from nguon.accounts.tests.factories import make_user
from nguon.core.audit import AuditRecord
from nguon.core.scope import UNRESTRICTED
from nguon.organizations.services import tenure_update
from nguon.reports import services
from nguon.reports.choices import BatchStatus, ReportKind
from nguon.reports.models import IssuedReport, ReportBatch, ReportTemplate
from nguon.reports.params import ReportParams
from nguon.reports.renderers.docx import TemplateError

from .fakes import fake_reports  # noqa: F401
from .world import AT, report_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_reports")]


def _params(area, **kw):
    return ReportParams(kind=ReportKind.REPRESENTATION, area=area, start=dt.date(2015, 1, 1), end=AT, **kw)


def test_render_names_the_file_and_uses_the_active_template():
    rw = report_world()
    ctx = services.report_build(params=_params(rw.world.district), scope=UNRESTRICTED)
    assert ctx.figure("women").value == 2
    out = services.report_render(context=ctx, fmt="docx", scope=UNRESTRICTED)
    assert out.filename == "bao-cao-ty-le-tham-gia-quan-thu-2015-2020.docx"
    assert out.data.startswith(b"DOCX|")
    services.template_upload(kind="representation", name="Mẫu quận", data=b"TPL", acting_user=rw.admin)
    assert services.report_render(context=ctx, fmt="docx").data.startswith(b"DOCXTPL|")
    assert services.report_render(context=ctx, fmt="pdf").filename.endswith(".pdf")


def test_xlsx_names_only_the_readers_people():
    rw = report_world()
    ctx = services.report_build(params=_params(rw.world.district), scope=UNRESTRICTED)
    a_scope = scope_for(rw.world.a.editor)
    names = json.loads(services.report_render(context=ctx, fmt="xlsx", scope=a_scope).data)["names"]
    assert names == ["Nguyễn Thị Hoàng Yến"]  # Trâm (ward B) is outside A's scope
    assert json.loads(services.report_render(context=ctx, fmt="xlsx").data)["names"] == []


def test_issue_keeps_context_file_and_hashes():
    rw = report_world()
    issued = services.report_issue(
        params=_params(rw.world.district, number="12-BC/HPN"), acting_user=rw.district_editor
    )
    issued.refresh_from_db()
    assert issued.number == "12-BC/HPN" and issued.at == AT and issued.issued_by == rw.district_editor
    ctx = services.issued_context(issued)
    assert issued.context_sha256 == ctx.sha256()
    with issued.docx.open("rb") as f:
        data = f.read()
    assert hashlib.sha256(data).hexdigest() == issued.docx_sha256
    assert {p.name for p in ctx.figure("women").people} == {"Nguyễn Thị Hoàng Yến", "Quách Thị Bảo Trâm"}
    assert AuditRecord.objects.filter(model="reports.issuedreport", object_id=str(issued.pk)).exists()
    assert services.issued_file(issued=issued, fmt="docx", scope=UNRESTRICTED).data == data


def test_issue_needs_the_edit_level_over_the_area():
    rw = report_world()
    viewer = make_user("xem", area=rw.world.district, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.report_issue(params=_params(rw.world.district), acting_user=viewer)
    with pytest.raises(PermissionDenied):  # ward A's editor does not edit the district
        services.report_issue(params=_params(rw.world.district), acting_user=rw.world.a.editor)
    assert not IssuedReport.objects.exists()


def test_correcting_a_tenure_after_issuing_keeps_the_issued_figures_and_compare_lists_it():
    rw = report_world()
    issued = services.report_issue(params=_params(rw.world.district), acting_user=rw.district_editor)
    tram = next(t for t in rw.tenures if t.person.full_name == "Quách Thị Bảo Trâm")
    tenure_update(
        tenure=tram, data={"end_date": dt.date(2020, 6, 30), "end_reason": "resigned"}, acting_user=rw.admin
    )

    again = IssuedReport.objects.get(pk=issued.pk)
    assert services.issued_context(again).figure("women").value == 2  # as issued
    assert (
        services.report_build(params=_params(rw.world.district), scope=UNRESTRICTED).figure("women").value
        == 1
    )

    comparison = services.report_compare(issued=again, scope=scope_for(rw.district_editor))
    assert comparison.unchanged == 0
    by_key = {c.key: c for c in comparison.changes}
    women = by_key["women"]
    assert (women.kind, women.before_value, women.after_value) == ("changed", 2, 1)
    assert (women.before_text, women.after_text) == ("2 nữ", "1 nữ")
    assert [p.name for p in women.people_removed] == ["Quách Thị Bảo Trâm"]
    assert by_key["all"].before_value == 4 and by_key["all"].after_value == 3

    # ward A's officer, reading through her analysis area, sees the change counted, not named
    a_reader = scope_for(rw.world.a.editor)
    women_a = {c.key: c for c in services.report_compare(issued=again, scope=a_reader).changes}["women"]
    assert women_a.people_removed == () and women_a.others_removed == 1


def test_a_tampered_context_is_refused():
    rw = report_world()
    issued = services.report_issue(params=_params(rw.world.district), acting_user=rw.district_editor)
    data = dict(issued.context)
    data["figures"] = [{**f, "value": 9} if f["key"] == "women" else f for f in data["figures"]]
    IssuedReport.objects.filter(pk=issued.pk).update(context=data)
    with pytest.raises(services.IssuedReportTampered, match=r"băm|hash"):
        services.issued_context(IssuedReport.objects.get(pk=issued.pk))


def test_a_tampered_file_is_refused():
    rw = report_world()
    issued = services.report_issue(params=_params(rw.world.district), acting_user=rw.district_editor)
    with issued.docx.open("wb") as f:
        f.write(b"changed")
    with pytest.raises(services.IssuedReportTampered):
        services.issued_file(issued=issued, fmt="docx", scope=UNRESTRICTED)


def test_issued_docx_is_refused_to_a_reader_who_may_not_name_its_people():
    rw = report_world()
    issued = services.report_issue(params=_params(rw.world.district), acting_user=rw.district_editor)
    a_reader = scope_for(rw.world.a.editor)  # analyses the district, names only ward A
    with pytest.raises(PermissionDenied):
        services.issued_file(issued=issued, fmt="docx", scope=a_reader)
    names = json.loads(services.issued_file(issued=issued, fmt="xlsx", scope=a_reader).data)["names"]
    assert names == ["Nguyễn Thị Hoàng Yến"]
    with pytest.raises(PermissionDenied):
        services.issued_file(issued=issued, fmt="xlsx", scope=scope_for(rw.world.b.editor))


def test_template_with_problems_is_refused_and_nothing_stored():
    rw = report_world()
    with pytest.raises(TemplateError) as caught:
        services.template_upload(
            kind="representation", name="Hỏng", data=b"x {{ broken", acting_user=rw.admin
        )
    assert caught.value.problems[0].tag == "{{ broken"
    assert not ReportTemplate.objects.exists()
    with pytest.raises(PermissionDenied):
        services.template_upload(
            kind="representation", name="Mẫu", data=b"ok", acting_user=rw.district_editor
        )
    assert not ReportTemplate.objects.exists()


def test_a_new_template_replaces_the_active_one():
    rw = report_world()
    first = services.template_upload(kind="representation", name="Một", data=b"1", acting_user=rw.admin)
    second = services.template_upload(kind="representation", name="Hai", data=b"2", acting_user=rw.admin)
    first.refresh_from_db()
    assert not first.active and second.active
    assert second.sha256 == hashlib.sha256(b"2").hexdigest()
    services.template_deactivate(template=second, acting_user=rw.admin)
    assert services.template_bytes("representation") == (None, None)


def test_batch_units_are_the_communes_under_the_area():
    rw = report_world()
    units = services.batch_units(rw.world.district, AT)
    assert {u.pk for u in units} == {rw.world.a.area.pk, rw.world.b.area.pk}
    assert services.batch_units(rw.world.a.area, AT) == [rw.world.a.area]


def test_batch_counts_progress_and_goes_on_after_a_failure(monkeypatch):
    rw = report_world()
    batch = services.batch_create(
        kind="representation",
        area=rw.world.district,
        params=_params(rw.world.district),
        acting_user=rw.district_editor,
    )
    assert batch.total == 2 and batch.status == BatchStatus.QUEUED
    from . import fakes

    real = fakes.build

    def failing(*, scope, params):
        if params.area.pk == rw.world.b.area.pk:
            raise services.builders.ReportError("Không có số liệu.", "area")
        return real(scope=scope, params=params)

    monkeypatch.setattr(fakes, "build", failing)
    seen = []
    services.batch_run(batch, progress=lambda done, failed, total, unit: seen.append((done, failed, total)))
    batch = ReportBatch.objects.get(pk=batch.pk)
    assert seen == [(1, 0, 2), (2, 1, 2)]
    assert (batch.status, batch.done, batch.failed, batch.total) == (BatchStatus.DONE, 1, 1, 2)
    assert "Không có số liệu." in batch.message and batch.finished_at
    with zipfile.ZipFile(batch.archive.open("rb")) as z:
        assert len(z.namelist()) == 1 and z.namelist()[0].endswith(".docx")


def test_a_batch_where_every_unit_fails_is_failed():
    rw = report_world()
    params = ReportParams(kind=ReportKind.PROGRAMME_REVIEW, area=rw.world.district, end=AT)
    batch = services.batch_create(
        kind="programme_review", area=rw.world.district, params=params, acting_user=rw.district_editor
    )
    services.batch_run(batch)
    batch.refresh_from_db()
    assert (batch.status, batch.failed) == (BatchStatus.FAILED, 2)
    assert "Chọn chương trình phối hợp." in batch.message


# --- with the real builders and renderers ------------------------------------------------------------------
def _real(monkeypatch):
    """Undo the fakes (the module's fixture patched through this same ``monkeypatch``)."""
    monkeypatch.undo()


def _real_world():
    from nguon.areas.services import area_create
    from nguon.organizations.services import (
        body_create,
        organization_create,
        post_create,
        tenure_create,
        term_create,
    )
    from nguon.people.services import person_create

    district = area_create(code="002", name="Quận Thử", level="district")
    wards = [
        area_create(code=c, name=n, level="commune", parent=district)
        for c, n in (("00037", "Phường An"), ("00040", "Phường Bình"))
    ]
    tenures = {}
    for ward, people in zip(
        wards,
        (
            (("Lê Thị An", "F"), ("Trần Văn An", "M"), ("Hồ Văn An", "M")),
            (("Phạm Văn Bình", "M"), ("Vũ Thị Bình", "F")),
        ),
        strict=True,
    ):
        org = organization_create(name=f"Đảng bộ {ward.name}", kind="grassroots_party", area=ward)
        body = body_create(organization=org, kind="executive_committee", name=f"BCH {ward.name}")
        term = term_create(
            body=body, name="2015–2020", start_date=dt.date(2015, 6, 1), end_date=dt.date(2020, 12, 31)
        )
        post = post_create(organization=org, name="Ủy viên", body=body)
        for name, sex in people:
            person = person_create(full_name=name, sex=sex, birth_date=dt.date(1975, 1, 1))
            tenures[name] = tenure_create(
                person=person, post=post, term=term, start_date=dt.date(2015, 6, 1), start_reason="elected"
            )
    editor = make_user("quan", area=district, role=Role.EDITOR)
    return district, tenures, editor


def test_real_builder_issue_then_correct_a_tenure_and_compare(monkeypatch):
    """Issue the real representation report (Word by the real renderer), correct a tenure, re-open: the issued
    figures stand; compare lists the figure that changed."""
    _real(monkeypatch)
    district, tenures, editor = _real_world()
    params = ReportParams(kind=ReportKind.REPRESENTATION, area=district, end=AT)
    try:
        issued = services.report_issue(params=params, acting_user=editor)
    except NotImplementedError:
        pytest.skip("the representation builder or the Word renderer is not there yet")
    with issued.docx.open("rb") as f:
        assert f.read(2) == b"PK"  # a real .docx (a ZIP)
    before = services.issued_context(issued).figures_by_key()

    admin = make_user("qt", role=Role.ADMINISTRATOR)
    tenure_update(
        tenure=tenures["Lê Thị An"],
        data={"end_date": dt.date(2019, 12, 31), "end_reason": "resigned"},
        acting_user=admin,
    )

    again = IssuedReport.objects.get(pk=issued.pk)
    assert services.issued_context(again).figures_by_key() == before  # as issued
    comparison = services.report_compare(issued=again, scope=scope_for(editor))
    assert comparison.changed and comparison.unchanged > 0
    changed = {c.key: c for c in comparison.changes}
    ward_a = [c for k, c in changed.items() if k.endswith(".00037") and "women" in k and c.kind == "changed"]
    assert ward_a, sorted(changed)
    assert any(c.before_value != c.after_value for c in ward_a)
    assert services.issued_file(issued=again, fmt="docx", scope=scope_for(editor)).data[:2] == b"PK"


def test_real_template_check_refuses_a_broken_template(monkeypatch):
    _real(monkeypatch)
    import io

    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ title ")  # an unclosed tag
    doc.add_paragraph("{% if %}")
    buffer = io.BytesIO()
    doc.save(buffer)
    admin = make_user("qt", role=Role.ADMINISTRATOR)
    try:
        with pytest.raises(TemplateError) as caught:
            services.template_upload(
                kind="representation", name="Hỏng", data=buffer.getvalue(), acting_user=admin
            )
    except NotImplementedError:
        pytest.skip("check_template is not there yet")
    assert caught.value.problems
    assert not ReportTemplate.objects.exists()


def test_admin_uploads_through_the_service_and_refuses_a_broken_template(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rw = report_world()
    rw.admin.is_staff = rw.admin.is_superuser = True
    rw.admin.save()
    client.force_login(rw.admin)
    url = "/admin/reports/reporttemplate/add/"
    broken = SimpleUploadedFile("m.docx", b"x {{ broken")
    r = client.post(url, {"kind": "representation", "name": "Hỏng", "upload": broken})
    assert r.status_code == 200 and "broken" in r.content.decode()
    assert not ReportTemplate.objects.exists()
    r = client.post(
        url, {"kind": "representation", "name": "Mẫu quận", "upload": SimpleUploadedFile("m.docx", b"OK")}
    )
    assert r.status_code == 302, r.content.decode()[:500]
    template = ReportTemplate.objects.get()
    assert template.active and template.sha256 == hashlib.sha256(b"OK").hexdigest()
    assert AuditRecord.objects.filter(model="reports.reporttemplate", source="admin").exists()
    assert client.get("/admin/reports/issuedreport/").status_code == 200
