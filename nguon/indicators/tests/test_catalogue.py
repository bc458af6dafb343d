import tomllib

import pytest

from nguon.indicators.models import AgeThreshold, Indicator, Target
from nguon.indicators.services import CATALOGUE, catalogue_sync


def test_every_target_cites_its_document_and_indicator():
    data = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
    codes = {i["code"] for i in data["indicator"]}
    assert len(codes) == len(data["indicator"])
    for t in data["target"]:
        assert t["document"] and t["document_date"] and t["confidence"] in "HML", t["code"]
        assert t["indicator"] in codes, t["code"]
        assert 0 <= t["value"] <= 100


@pytest.mark.django_db
def test_catalogue_loaded_after_migrate_and_sync_is_idempotent():
    assert Indicator.objects.filter(builtin=True).count() >= 20
    assert AgeThreshold.objects.get(level="district").years == 40
    before = (Indicator.objects.count(), Target.objects.count())
    counts = catalogue_sync()
    assert counts["changed"] == 0
    assert (Indicator.objects.count(), Target.objects.count()) == before
    # a shipped row edited by hand is brought back; a user's own target is kept
    Target.objects.filter(code="ct35-party-committee-women").update(value=99)
    user_target = Target.objects.create(
        code="ward-plan",
        indicator=Indicator.objects.get(code="key-posts-women"),
        document="Kế hoạch 12/KH-UBND",
        document_date="2021-01-05",
        value=40,
        effective_from="2021-01-05",
        confidence="H",
    )
    catalogue_sync()
    assert Target.objects.get(code="ct35-party-committee-women").value == 15
    assert Target.objects.filter(pk=user_target.pk).exists()
