"""The retirement lookup on the command line, in the API (scoped) and on a person's page."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nguon.api.tests.conftest import api_a, build_world, editor_a, world  # noqa: F401
from nguon.people.services import person_create


def test_cli_text_and_json():
    out = StringIO()
    call_command("pipeline", "retirement", "--sex", "nu", "--born", "05/1972", stdout=out)
    assert "Nghỉ hưu ngày 30/09/2030 (58 tuổi 4 tháng)" in out.getvalue()
    out = StringIO()
    call_command(
        "pipeline", "retirement", "--sex", "nam", "--born", "10/1961", "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert (data["age_years"], data["age_months"], data["retirement_date"]) == (60, 6, "2022-04-30")


def test_cli_refuses_what_it_cannot_read_in_vietnamese():
    with pytest.raises(CommandError, match=r"[Tt]háng sinh"):
        call_command("pipeline", "retirement", "--sex", "nu", "--born", "13/1972")
    with pytest.raises(CommandError, match="nữ"):
        call_command("pipeline", "retirement", "--sex", "x", "--born", "1972")


@pytest.mark.django_db
def test_api_lookup_and_a_persons_retirement_inside_the_scope_only(world, api_a):  # noqa: F811
    response = api_a.get("/api/pipeline/retirement/", {"sex": "nu", "born": "05/1972"})
    assert response.status_code == 200
    assert response.json()["retirement_date"] == "2030-09-30"
    assert response.json()["age_years"] == 58 and response.json()["age_months"] == 4
    bad = api_a.get("/api/pipeline/retirement/", {"sex": "nu", "born": "1972/05"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "born"
    mine, theirs = world.a.people[0], world.b.people[0]
    assert api_a.get(f"/api/people/{mine.pk}/retirement/").status_code == 200
    assert api_a.get(f"/api/people/{theirs.pk}/retirement/").status_code == 404


@pytest.mark.django_db
def test_the_profile_says_when_she_retires(client, officer):
    person = person_create(full_name="Nguyễn Thị An", sex="F", birth_date=dt.date(1972, 5, 14))
    client.force_login(officer)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "Nghỉ hưu ngày 30/09/2030 (58 tuổi 4 tháng)" in page
