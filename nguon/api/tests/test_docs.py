"""The API's docs and schema: public, served from the vendored Swagger UI (no CDN, no inline script, so
the Content-Security-Policy holds), the schema naming every route with its error answers."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import Client


def test_docs_page_uses_only_local_files(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html
    sources = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert sources and all('src="/static/' in attrs and not body.strip() for attrs, body in sources)
    assert "style=" not in html and "<style" not in html
    for url in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(url), url
    assert 'data-url="/api/openapi.json"' in html
    policy = response.headers.get("Content-Security-Policy", "")
    assert "unsafe-inline" not in policy


def test_schema_is_public_and_documents_errors(db):
    schema = Client().get("/api/openapi.json").json()
    paths = schema["paths"]
    for route in (
        "/api/people/",
        "/api/tenures/",
        "/api/areas/",
        "/api/indicators/",
        "/api/indicators/series/",
    ):
        assert route in paths
    people = paths["/api/people/"]
    assert {"get", "post"} <= set(people)
    assert {"200", "401", "403", "404", "422"} <= set(people["get"]["responses"])
    names = {p["name"] for p in people["get"]["parameters"]}
    assert {
        "q",
        "sex",
        "age",
        "organization_kind",
        "held",
        "at",
        "limit",
        "offset",
    } <= names  # the page's filters
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
