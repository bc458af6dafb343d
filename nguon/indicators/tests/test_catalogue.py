import tomllib
from decimal import Decimal

import pytest

from nguon.core.models import AuditRecord
from nguon.indicators.admin import TargetAdmin
from nguon.indicators.models import AgeThreshold, Indicator, Target
from nguon.indicators.services import CATALOGUE, age_threshold_update, catalogue_sync, target_update


def test_every_target_cites_its_document_and_indicator():
    data = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
    codes = {i["code"] for i in data["indicator"]}
    assert len(codes) == len(data["indicator"])
    for t in data["target"]:
        assert t["document"] and t["document_date"] and t["confidence"] in "HML", t["code"]
        assert t["indicator"] in codes, t["code"]
        assert 0 <= t["value"] <= 100


def _release(tmp_path, *edits):
    """A copy of the shipped catalogue with edits (code, old line, new line) inside the rows of those codes:
    a new release of the catalogue."""
    text = CATALOGUE.read_text(encoding="utf-8")
    for code, old, new in edits:
        start = text.index(f'code = "{code}"\n')
        end = text.find("[[", start)
        block = text[start:end]
        assert block.count(old + "\n") == 1, (code, old)
        text = text[:start] + block.replace(old + "\n", new + "\n") + text[end:]
    path = tmp_path / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def new_records():
    """The catalogue's audit records written during the test (migrate wrote the first ones)."""
    last = AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return lambda: list(AuditRecord.objects.filter(source="catalogue", pk__gt=last).order_by("pk"))


@pytest.mark.django_db
def test_catalogue_loaded_after_migrate_and_sync_is_idempotent():
    """A second sync of the same file writes nothing, audits nothing and says so."""
    assert Indicator.objects.filter(builtin=True).count() >= 20
    assert AgeThreshold.objects.get(level="district").years == 40
    before = (Indicator.objects.count(), Target.objects.count(), AuditRecord.objects.count())
    counts = catalogue_sync()
    assert (counts["created"], counts["updated"], counts["kept_user_edits"]) == (0, 0, 0)
    assert counts["unchanged"] == counts["indicators"] + counts["targets"] + counts["age_thresholds"]
    assert (Indicator.objects.count(), Target.objects.count(), AuditRecord.objects.count()) == before


@pytest.mark.django_db
def test_a_users_edit_of_a_shipped_target_survives_the_next_migrate(new_records):
    """A local office raises a shipped target and moves its deadline; the sync after the next migrate keeps
    both (before: it put the shipped value back, wrote no audit record and reported 0 changed)."""
    target = Target.objects.get(code="ct35-party-committee-women")
    target_update(target=target, data={"value": Decimal("20"), "deadline": None}, acting_user=None)
    threshold = AgeThreshold.objects.get(level="commune")
    age_threshold_update(
        threshold=threshold, data={"years": 36, "source": "Quy định của Tỉnh ủy"}, acting_user=None
    )
    counts = catalogue_sync()
    target.refresh_from_db()
    threshold.refresh_from_db()
    assert (target.value, target.deadline) == (Decimal("20"), None)
    assert (threshold.years, threshold.source) == (36, "Quy định của Tỉnh ủy")
    assert counts["kept_user_edits"] == 2 and counts["updated"] == 0
    assert new_records() == []  # nothing written, nothing to audit


@pytest.mark.django_db
def test_a_catalogue_change_is_applied_and_audited_row_by_row(tmp_path, new_records):
    """A new catalogue release changes a target's value and another's document: both are applied, each with
    an audit record of its own (source "catalogue") listing what changed; the counts say 2 updated."""
    path = _release(
        tmp_path,
        ("ct35-party-committee-women", "value = 15", "value = 16"),
        ("ct35-grassroots-committee-women", 'document = "Chỉ thị 35-CT/TW"', 'document = "Văn bản mới"'),
    )
    counts = catalogue_sync(path=path)
    assert (counts["created"], counts["updated"], counts["kept_user_edits"]) == (0, 2, 0)
    first = Target.objects.get(code="ct35-party-committee-women")
    second = Target.objects.get(code="ct35-grassroots-committee-women")
    assert (first.value, second.document) == (Decimal("16"), "Văn bản mới")
    assert [(r.model, r.action, r.object_id, r.changes) for r in new_records()] == [
        ("indicators.target", "update", str(first.pk), {"value": ["15.00", "16"]}),
        ("indicators.target", "update", str(second.pk), {"document": ["Chỉ thị 35-CT/TW", "Văn bản mới"]}),
    ]
    assert catalogue_sync(path=path)["updated"] == 0


@pytest.mark.django_db
def test_catalogue_change_of_a_field_the_user_edited_is_recorded_not_applied(tmp_path, new_records):
    """The user changed a value and the catalogue changes it too: the user's stays; the audit record of the
    sync says which catalogue value was not applied."""
    target = Target.objects.get(code="ct35-party-committee-women")
    target_update(target=target, data={"value": Decimal("50")}, acting_user=None)
    path = _release(tmp_path, ("ct35-party-committee-women", "value = 15", "value = 16"))
    counts = catalogue_sync(path=path)
    target.refresh_from_db()
    assert target.value == Decimal("50")
    assert (counts["updated"], counts["kept_user_edits"]) == (0, 1)
    (record,) = new_records()
    assert record.changes == {"kept_user_edits": {"value": ["50", "16"]}}
    catalogue_sync(path=path)  # the same release again has nothing new to say
    assert len(new_records()) == 1


@pytest.mark.django_db
def test_catalogue_fields_of_a_shipped_row_are_the_catalogues(new_records):
    """A shipped definition's document is the catalogue's: read-only in the admin, refused by the service,
    and put back (with an audit record) when changed behind their backs."""
    target = Target.objects.get(code="ct35-party-committee-women")
    assert {"document", "comparator", "indicator"} <= set(
        TargetAdmin(Target, None).get_readonly_fields(None, target)
    )
    assert "value" not in TargetAdmin(Target, None).get_readonly_fields(None, target)
    with pytest.raises(ValueError):
        target_update(target=target, data={"document": "X"}, acting_user=None)
    Target.objects.filter(pk=target.pk).update(document="Sửa tay")
    counts = catalogue_sync()
    target.refresh_from_db()
    assert target.document == "Chỉ thị 35-CT/TW" and counts["updated"] == 1
    (record,) = new_records()
    assert record.changes == {"document": ["Sửa tay", "Chỉ thị 35-CT/TW"]}


@pytest.mark.django_db
def test_users_own_target_is_left_alone():
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
    assert Target.objects.get(pk=user_target.pk).value == 40
    target_update(target=user_target, data={"document": "Kế hoạch 13/KH-UBND"}, acting_user=None)
