"""Found by the review of issue 10: the results' errors never name a candidate the user reads only as a
number (page and API), and a correction never deletes a tenure changed since the results created it."""

import pytest
from django.urls import reverse

from nguon.elections.tests.test_faces import world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        yield


def test_results_error_names_stranger(world):  # noqa: F811
    cands = list(world.list_a.candidacies.order_by("order"))
    stranger = next(c for c in cands if c.person_id == world.stranger.pk)
    data = {"voters": "1000", "valid_ballots": "900", "decision": ""}
    for c in cands:
        data[f"votes-{c.pk}"] = "100"
    data[f"votes-{stranger.pk}"] = "950"
    page = world.client.post(reverse("election-results", args=[world.list_a.pk]), data).content.decode()
    assert "Quách Thị Bí Mật" not in page


def test_results_api_error_names_stranger(world):  # noqa: F811
    from nguon.api.tests.conftest import bearer

    api = bearer(world.editor)
    detail = api.get(f"/api/elections/lists/{world.list_a.pk}/").json()
    shown = {c["id"] for c in detail["candidacies"]}
    assert detail["hidden"] == 1
    # the hidden candidacy's id is not published, but ids are sequential: guess it
    guess = [i for i in range(min(shown) - 5, max(shown) + 6) if i not in shown]
    leaked = []
    for g in guess:
        results = [{"candidacy": i, "elected": False, "votes": 10} for i in shown]
        results.append({"candidacy": g, "elected": False, "votes": 999})
        r = api.post(
            f"/api/elections/lists/{world.list_a.pk}/results/",
            data={"voters": 100, "valid_ballots": 90, "results": results},
            content_type="application/json",
        )
        body = r.content.decode()
        if "Bí Mật" in body:
            leaked.append((g, r.status_code, body[:300]))
    assert not leaked, leaked


def test_correction_deletes_tenure_ended_since(world):  # noqa: F811
    import datetime as dt

    from nguon.elections import services
    from nguon.organizations import services as org_services
    from nguon.organizations.models import Tenure

    cl = world.list_a
    cands = list(cl.candidacies.order_by("order"))
    first = cands[0]
    res = [(c, c.pk == first.pk, 50 if c.pk == first.pk else 10) for c in cands]
    services.results_record(candidate_list=cl, results=res, voters=100, valid_ballots=90)
    first.refresh_from_db()
    t = first.tenure
    assert t is not None and first.tenure_created
    # later, her record says she resigned
    org_services.tenure_end(tenure=t, end_date=t.start_date + dt.timedelta(days=200), end_reason="resigned")
    # the results are corrected: she was in fact not elected
    res = [(c, False, 10) for c in cands]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.results_record(candidate_list=cl, results=res, voters=100, valid_ballots=90)
    assert "đã thay đổi sau đó" in str(refused.value)
    assert Tenure.objects.filter(pk=t.pk).exists(), "the tenure, ended on her record since, was deleted"
    first.refresh_from_db()
    assert first.elected and first.tenure_id == t.pk  # nothing of the correction was written
