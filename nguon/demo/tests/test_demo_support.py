"""The demo's support cases: a dozen cases of 2016–2020 in Hoàn Kiếm with support given, read by the district
Women's Union officer (who holds the support permission) and counted, never named, for the others."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from nguon.accounts.scope import scope_of
from nguon.support import selectors
from nguon.support.models import SupportCase, SupportGiven

pytestmark = pytest.mark.django_db


def test_demo_support_cases(demo: str) -> None:
    cases = SupportCase.objects.all()
    assert 10 <= cases.count() <= 14
    assert {c.kind for c in cases} >= {"health", "hardship", "family_risk"}
    assert all(2016 <= c.opened_on.year <= 2020 for c in cases)
    money = SupportGiven.objects.exclude(amount__isnull=True)
    assert money.exists() and all(500_000 <= s.amount <= 5_000_000 for s in money)
    assert all(s.case.opened_on <= s.given_on for s in SupportGiven.objects.select_related("case"))


def test_demo_support_visibility(demo: str) -> None:
    users = get_user_model().objects
    carer = users.get(username="hoankiem.phunu")
    reader = selectors.case_list(scope=scope_of(carer))
    assert reader.count() == SupportCase.objects.count()
    name = reader.first().person.full_name
    html = _client(carer).get(reverse("support-list")).content.decode()
    assert name in html
    for username in ("hangbac.phunu", "quanly.hoankiem", "hanoi", "phuong.hoankiem", "hangtrong.doan"):
        other = users.get(username=username)
        assert not selectors.case_list(scope=scope_of(other)).exists(), username
        page = _client(other).get(reverse("support-list")).content.decode()
        assert name not in page
    assert (
        selectors.support_counts(scope_of(users.get(username="hanoi"))).cases == SupportCase.objects.count()
    )


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client
