"""ninja's own refusals (the request's shape) come in the same Vietnamese JSON as the services' ones."""

from __future__ import annotations


def test_query_refusals_in_vietnamese(world, api_a):
    response = api_a.get("/api/people/", {"limit": 0, "sex": "X", "at": "32/13/2020"})
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["detail"]}
    assert errors["limit"] == "Hãy nhập giá trị từ 1 trở lên."
    assert errors["sex"].startswith("Hãy chọn một trong các giá trị")
    assert "32/13/2020" in errors["at"]


def test_malformed_body_in_vietnamese(world, api_a):
    response = api_a.post("/api/people/", data="{not json", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": None, "message": "Nội dung yêu cầu không phải một đối tượng JSON đúng dạng."}
    ]


def test_a_filterset_refusal_names_its_parameter(world, api_a):
    """A value the FilterSet itself refuses (a date that the query schema lets through as text elsewhere)
    answers 422 on that parameter."""
    response = api_a.get("/api/terms/", {"at": "hôm qua"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["field"] == "at" and error["message"]


def test_dates_outside_the_registrys_years_are_refused(world, api_a):
    """A date in year 18 (schemathesis sent one: the age bands' arithmetic failed on it, a 500) is refused
    with a Vietnamese message on its parameter."""
    response = api_a.get("/api/people/", {"at": "0018-07-03", "age": "35-44"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": "at", "message": "'0018-07-03' không phải là ngày dùng được: năm phải từ 1900 đến 2200."}
    ]
