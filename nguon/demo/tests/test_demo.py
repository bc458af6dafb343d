"""The demo reproduces the review's figures — computed by the engine over the data, not printed constants."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from nguon.areas.selectors import area_get_by_code, area_predecessors
from nguon.organizations.models import Organization

D = dt.date


@pytest.fixture
def figures(demo, django_db_blocker):
    from nguon.demo.figures import article_figures

    with django_db_blocker.unblock():
        district = area_get_by_code(code="002", at=D(2020, 9, 25))
        return {f.key: f.result for f in article_figures(district)}


def test_demo_prints_the_article_figures(demo):
    """The figures read as the review says them: the population, then the women among it."""
    assert "• 615 cấp ủy viên cơ sở, trong đó 205 nữ (33,3%)" in demo
    assert "• 33 ủy viên Ban Chấp hành Đảng bộ quận, trong đó 10 nữ (30,3%)" in demo
    assert "cán bộ chủ chốt cấp quận, trong đó 33 nữ (46,5%)" in demo
    assert "người được đề bạt, bổ nhiệm chức danh chủ chốt của phường và phòng, ban, trong đó 105 nữ" in demo
    assert "Định nghĩa" in demo
    assert "/615 người)" not in demo and "% nữ)" not in demo  # not "615 (33,3% nữ) (205/615 người)"


def test_demo_keeps_the_seed_for_verbose_output(demo):
    """The random seed is a developer's detail: not printed at the default verbosity."""
    assert "hạt giống" not in demo.lower()
    assert "yêu cầu" not in demo


def test_demo_prints_its_users_one_line_each(demo):
    """One line per user: whom it stands for, with the area's name, then login / password."""
    lines = [line for line in demo.splitlines() if " / " in line and line.startswith("• ")]
    assert lines == [
        "• Cán bộ Thành phố Hà Nội (xem toàn thành phố): hanoi / nguon-hanoi",
        "• Cán bộ Hội LHPN Quận Hoàn Kiếm (cập nhật các tổ chức Hội Phụ nữ trong quận): hoankiem.phunu / nguon-hoankiem",
        "• Cán bộ Hội LHPN Phường Hàng Bạc (cập nhật phường mình; so sánh số liệu các phường của Quận Hoàn Kiếm):"
        " hangbac.phunu / nguon-hangbac",
        "• Cán bộ Đoàn Phường Hàng Trống (cập nhật tổ chức Đoàn của phường): hangtrong.doan / nguon-hangtrong",
        "• Cán bộ Phường Hoàn Kiếm mới từ 01/07/2025 (cập nhật; xem được các phường cũ hợp thành phường mới):"
        " phuong.hoankiem / nguon-phuong",
        "• Cán bộ quản lý Quận Hoàn Kiếm (quản lý người dùng trong quận): quanly.hoankiem / nguon-quanly",
        "• Quản trị hệ thống (toàn quốc, cả trang quản trị): admin / admin",
    ]


def test_demo_users_have_their_scopes(demo, django_db_blocker):
    """Each demo user's assignment: area, kinds, role, and the wider area for figures."""
    from nguon.accounts.models import Assignment

    with django_db_blocker.unblock():
        rows = {
            a.user.username: (
                a.area and a.area.code,
                a.organization_kinds,
                a.role,
                a.analysis_area_id and a.analysis_area.code,
            )
            for a in Assignment.objects.select_related("user", "area", "analysis_area")
        }
        new_ward = area_get_by_code(code="00070", at=D(2026, 1, 1))
        assert Assignment.objects.get(user__username="phuong.hoankiem").area == new_ward
    assert rows == {
        "hanoi": ("01", [], "viewer", None),
        "hoankiem.phunu": ("002", ["womens_union"], "editor", None),
        "hangbac.phunu": ("00061", ["womens_union"], "editor", "002"),
        "hangtrong.doan": ("00070", ["youth_union"], "editor", None),
        "phuong.hoankiem": ("00070", [], "editor", None),
        "quanly.hoankiem": ("002", [], "manager", None),
        "admin": (None, [], "administrator", None),
    }


def test_demo_users_log_in_on_the_site(demo, django_db_blocker, client):
    """A ward officer (not staff) logs in with the printed password at /login/ and reaches the overview."""
    with django_db_blocker.unblock():
        response = client.post("/login/", {"username": "hangbac.phunu", "password": "nguon-hangbac"})
        assert response.status_code == 302 and response["Location"] == "/"
        from django.contrib.auth import get_user_model

        from nguon.accounts.scope import scope_for

        scope = scope_for(get_user_model().objects.get(username="hangbac.phunu"))
        assert not scope.unrestricted and [g.area_name for g in scope.grants] == ["Phường Hàng Bạc"]


def test_figures_computed_from_data(figures):
    grassroots = figures["grassroots_members"]
    assert grassroots.denominator == 615
    assert 33 < grassroots.value < 34
    assert f"{figures['district_committee_women'].value:.1f}" == "30.3"
    assert 46 < figures["key_cadres_women"].value < 47
    assert figures["women_appointed"].numerator == 105
    assert len(figures["women_appointed"].numerator_people) == 105


def test_figures_move_with_the_reference_date(demo, django_db_blocker):
    """Another date gives other figures: nothing is constant."""
    from nguon.demo.figures import article_figures

    with django_db_blocker.unblock():
        district = area_get_by_code(code="002", at=D(2020, 9, 25))
        earlier = {f.key: f.result for f in article_figures(district, at=D(2017, 1, 1))}
    assert earlier["grassroots_members"].denominator != 615
    assert earlier["district_committee_women"].denominator == 35


def test_reorganization_of_2025(demo, django_db_blocker):
    with django_db_blocker.unblock():
        new = area_get_by_code(code="00070", at=D(2026, 1, 1))
        assert new.name == "Phường Hoàn Kiếm"
        assert "Phường Hàng Trống" in {a.name for a in area_predecessors(area=new)}
        orgs = set(Organization.objects.filter(area=new).values_list("name", flat=True))
        assert "Đảng bộ phường Hoàn Kiếm" in orgs
        assert not Organization.objects.filter(area__code="002", valid_to__gt=D(2025, 6, 30)).exists()


def test_admin_lists_wards_and_new_ward_with_predecessors(demo, django_db_blocker, client):
    with django_db_blocker.unblock():
        client.login(username="admin", password="admin")
        page = client.get("/admin/areas/area/?q=hang+bac").content.decode()
        assert "Phường Hàng Bạc" in page
        new = area_get_by_code(code="00070", at=D(2026, 1, 1))
        detail = client.get(f"/admin/areas/area/{new.pk}/change/").content.decode()
        assert "Phường Hàng Trống" in detail and "Phường Tràng Tiền" in detail
        assert client.get("/").status_code == 200


def test_admin_speaks_vietnamese_to_an_english_browser(demo, django_db_blocker, client):
    """Officers' laptops often run English Windows: the interface is still Vietnamese, dates dd/mm/yyyy."""
    with django_db_blocker.unblock():
        client.login(username="admin", password="admin")
        page = client.get("/admin/areas/area/?q=hang+bac", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
        assert "Đơn vị hành chính" in page
        assert "30/06/2025" in page
        client.cookies["django_language"] = "en"
        assert "Administrative areas" in client.get("/admin/").content.decode()


def _cli_json(*args):
    import json

    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return json.loads(out.getvalue())


def test_cli_json_for_the_district_and_its_wards(demo, django_db_blocker):
    with django_db_blocker.unblock():
        rows = _cli_json("--area", "002", "--as-of", "2020-09-25", "--format", "json")
    keys = {
        "area_code",
        "area_name",
        "indicator",
        "numerator",
        "denominator",
        "value",
        "target",
        "target_value",
        "status",
    }
    assert all(keys <= row.keys() for row in rows)
    assert len({r["area_code"] for r in rows}) == 19  # the district and its 18 wards
    by = {(r["area_code"], r["indicator"]): r for r in rows}
    grassroots = by[("002", "grassroots-committee-women")]
    assert grassroots["denominator"] == 615 and 33 < grassroots["value"] < 34
    assert grassroots["target"] == "ct35-grassroots-committee-women" and grassroots["status"] == "met"
    assert f"{by[('002', 'party-committee-women-district')]['value']:.1f}" == "30.3"
    ward_sum = sum(
        r["denominator"]
        for (code, ind), r in by.items()
        if ind == "grassroots-committee-women" and code != "002"
    )
    assert 0 < ward_sum < 615  # wards' own committees; agencies count at the district only


def test_cli_json_for_the_new_ward_and_its_series(demo, django_db_blocker):
    with django_db_blocker.unblock():
        rows = _cli_json("--area", "00070", "--as-of", "2026-01-01", "--format", "json")
        assert {r["area_name"] for r in rows} == {"Phường Hoàn Kiếm"}
        key = next(r for r in rows if r["indicator"] == "key-posts-women")
        assert key["denominator"] > 0
        series = _cli_json(
            "--area",
            "00070",
            "--as-of",
            "2026-01-01",
            "--indicator",
            "party-committee-women",
            "--series",
            "2016:2026",
            "--format",
            "json",
        )
    points = series[0]["points"]
    assert len(points) == 11
    assert all(p["denominator"] > 0 for p in points)
    assert "00070" not in points[0]["areas"] or len(points[0]["areas"]) > 1  # predecessors before 2025
    assert [p["break_in_series"] for p in points].index(True) == 10  # 2026: the new ward itself
    assert any("split" in f or "chia" in f for f in points[0]["flags"])


def test_cli_refuses_unknown_area_in_vietnamese(demo, django_db_blocker):
    from django.core.management.base import CommandError

    with django_db_blocker.unblock(), pytest.raises(CommandError) as error:
        call_command("indicators", "--area", "00061", "--as-of", "2026-01-01")
    assert "Không có đơn vị hành chính nào mang mã '00061' vào ngày 01/01/2026." in str(error.value)


def test_demo_people_have_their_dossier_organization(demo, django_db_blocker):
    """Each demo person's dossier is kept by the organization of her latest post (the scope reads it)."""
    from nguon.organizations.models import Tenure
    from nguon.people.models import Person

    with django_db_blocker.unblock():
        latest: dict[int, tuple[dt.date, set[int]]] = {}
        for person_id, start, org_id in Tenure.objects.values_list(
            "person_id", "start_date", "post__organization_id"
        ):
            when, orgs = latest.get(person_id, (start, set()))
            if start > when:
                when, orgs = start, set()
            if start == when:
                orgs.add(org_id)
            latest[person_id] = (when, orgs)
        dossiers = dict(Person.objects.values_list("id", "dossier_organization_id"))
    assert latest and set(latest) <= set(dossiers)
    assert all(dossiers[p] in orgs for p, (_when, orgs) in latest.items())


def test_api_and_page(demo, django_db_blocker, client):
    """The demo's figures reach the API and the indicator page (their formats are tested in their apps)."""
    with django_db_blocker.unblock():
        anonymous = client.get("/api/indicators/?area=002&as_of=2020-09-25")
        assert anonymous.status_code == 401  # the API asks for a login or a token
        client.login(username="admin", password="admin")
        rows = client.get(
            "/api/indicators/?area=002&as_of=2020-09-25&indicator=grassroots-committee-women"
        ).json()
        assert rows[0]["denominator"] == 615
        page = client.get("/indicators/?area=002&at=25/09/2020")
        html = page.content.decode()
        assert page.status_code == 200 and "33,3%" in html and "Phường Hàng Bạc" in html
        series = client.get(
            "/api/indicators/series/?area=00070&as_of=2026-01-01&indicator=key-posts-women&from=2015&to=2030"
        ).json()
        assert len(series[0]["points"]) == 16 and series[0]["points"][0]["denominator"] > 0


def test_demo_serves_as_production_would(monkeypatch):
    """The demo's server runs with the demo settings (DEBUG off: the Vietnamese 404/500 pages, never the
    debug page with the URL patterns), static files through runserver --insecure, on the same database."""
    import subprocess

    from rich.console import Console

    from nguon.config.settings import demo as demo_settings
    from nguon.demo.management.commands.demo import Command

    calls = []
    monkeypatch.setattr(subprocess, "run", lambda command, **kw: calls.append((command, kw["env"])))
    monkeypatch.setenv("DATABASE_URL", "sqlite:////x/demo.sqlite3")
    out = io.StringIO()
    Command(stdout=out).serve(Console(file=out), "127.0.0.1:8000")
    [(command, env)] = calls
    assert command[-4:] == ["runserver", "--insecure", "--noreload", "127.0.0.1:8000"]
    assert env["DJANGO_SETTINGS_MODULE"] == "nguon.config.settings.demo"
    assert env["DATABASE_URL"] == "sqlite:////x/demo.sqlite3"
    assert demo_settings.DEBUG is False and "127.0.0.1" in demo_settings.ALLOWED_HOSTS
    assert "http://127.0.0.1:8000/" in out.getvalue()
