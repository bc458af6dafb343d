"""The demo reproduces the review's figures — computed by the engine over the data, not printed constants."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from nguon.areas.selectors import area_get_by_code, area_predecessors
from nguon.organizations.models import Organization

D = dt.date


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("demo", no_serve=True, stdout=out)
        yield out.getvalue()
        call_command("flush", verbosity=0, interactive=False)


@pytest.fixture
def figures(demo, django_db_blocker):
    from nguon.demo.figures import article_figures

    with django_db_blocker.unblock():
        district = area_get_by_code(code="002", at=D(2020, 9, 25))
        return {f.key: f.result for f in article_figures(district)}


def test_demo_prints_the_article_figures(demo):
    assert "615" in demo
    assert "30,3%" in demo
    assert "Định nghĩa" in demo
    assert "105" in demo


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
