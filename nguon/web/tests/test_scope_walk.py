"""The scope walk (issue 9 §7): every URL pattern of the site and every API route, requested without login and
as officers of ward A on the objects of ward B, refuses or shows nothing of ward B.

- ``routes()`` walks ``get_resolver().url_patterns`` recursively (includes, the admin, the API that
  django-ninja mounts), so a route added anywhere is walked without being listed here.
- Each path parameter gets the ids of ward-B objects: the parameter's name says which model (``person_id``,
  ``organization_pk``), else the path segment before it (``people/<int:pk>/``), else the URL name
  (``person-detail``), else the view's app; an int parameter that nothing names is tried with the id of every
  ward-B object. A parameter that cannot be filled fails the walk, unless ``UNFILLABLE`` says why.
- Each route is requested (site: GET, then POST with an empty form; API: every method, with ``{}``, and
  the officer's personal token) by an anonymous client and by ward A's editor, then by ward A's manager
  where the editor was refused (403); both may read the district's figures (``analysis_area``). A page
  without parameters that answers is asked again with ward B's ids, a B surname, and B's area code with an
  indicator in its query string; then the links and htmx requests of the pages the officers were shown are
  followed two levels deep (indicator cells, area tree levels, filtered lists).
- The walk fails on: a site route marked neither ``scoped`` nor ``public`` (nguon.core.access; the admin's
  and the API's routes are judged by behaviour); an anonymous request that is not sent to the login page nor
  refused (401/403/404/405); a server error; a response to a ward-A officer that holds a name from ward B
  (a person's full name or its folded form, a B user, a B import's file name) in its HTML, JSON or the text
  inside an xlsx/docx; any change to ward B's rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import importlib
import io
import json
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, include, path, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from nguon.accounts.choices import Role
from nguon.accounts.models import ApiToken, Assignment
from nguon.accounts.tests.factories import make_user
from nguon.accounts.tokens import token_create
from nguon.areas.tests.factories import AreaFactory
from nguon.core.access import is_marked, scoped
from nguon.core.models import AuditRecord
from nguon.core.text import fold
from nguon.imports.models import ImportRecord, ImportStatus
from nguon.indicators.services import catalogue_sync
from nguon.organizations import services as org_services
from nguon.organizations.models import Body, Organization, Post, Tenure, Term
from nguon.people.models import Person
from nguon.people.tests.factories import PersonFactory

# A parameter that the walk cannot fill, by "URL name:parameter" (or "pattern:parameter" for unnamed
# routes), with the reason it need not be walked. Keep it short: every entry is a route the walk does not see.
UNFILLABLE: dict[str, str] = {}

# API routes that answer without login, with the reason (they hold no personal data; the walk still checks
# that no name appears in them).
PUBLIC_API: dict[str, str] = {
    "api:openapi-json": "the OpenAPI schema: the shape of the API, no data",
    "api:openapi-view": "the interactive documentation page of that schema",
}

# A word of a parameter name, a path segment or a URL name -> the kind of ward-B object it names.
WORDS: dict[str, str] = {
    **dict.fromkeys(["person", "people", "persons", "profile", "dossier"], "person"),
    **dict.fromkeys(["organization", "organizations", "org", "orgs", "organisation"], "organization"),
    **dict.fromkeys(["body", "bodies", "committee", "committees"], "body"),
    **dict.fromkeys(["term", "terms"], "term"),
    **dict.fromkeys(["post", "posts", "seat", "seats", "position", "positions"], "post"),
    **dict.fromkeys(["tenure", "tenures", "holding", "holdings"], "tenure"),
    **dict.fromkeys(["area", "areas", "ward", "wards", "unit", "units"], "area"),
    **dict.fromkeys(["import", "imports", "record", "records", "upload", "uploads"], "import"),
    **dict.fromkeys(["user", "users", "member", "members", "account", "accounts"], "user"),
    **dict.fromkeys(["assignment", "assignments"], "assignment"),
    **dict.fromkeys(["apitoken", "apitokens", "tokens"], "apitoken"),
    **dict.fromkeys(["audit", "audits", "change", "changes", "history"], "audit"),
}
# The model behind each kind (for the admin's object_id and the content-type routes).
KIND_MODELS = {
    "person": Person,
    "organization": Organization,
    "body": Body,
    "term": Term,
    "post": Post,
    "tenure": Tenure,
    "import": ImportRecord,
    "assignment": Assignment,
    "apitoken": ApiToken,
    "audit": AuditRecord,
}


def _extensions() -> list[Any]:
    """The walk's extension modules: ``nguon.<app>.tests.walk`` of each app that has one. Each defines ``WORDS``
    and ``KIND_MODELS`` (its kinds of ward-B objects), ``extend(world)`` (adds its objects of wards A and B
    to ``world.a``/``world.b`` and its names to ``world.secrets``) and ``snapshot(world)`` (its ward-B rows,
    which the walk must not change). A new app's routes are walked once its objects are there."""
    found = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("nguon."):
            continue
        try:
            found.append(importlib.import_module(f"{app}.tests.walk"))
        except ModuleNotFoundError as error:
            if error.name not in (f"{app}.tests.walk", f"{app}.tests"):
                raise
    return found


EXTENSIONS = _extensions()
for _extension in EXTENSIONS:
    WORDS.update(_extension.WORDS)
    KIND_MODELS.update(_extension.KIND_MODELS)

GENERIC = {"pk", "id", "object_id", "obj_id", "item_id"}
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
REDIRECTS = {301, 302, 303, 307, 308}


# ---------------------------------------------------------------------------------------------------------------
# The routes
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Param:
    name: str
    converter: str  # "int", "str", "slug", "path", "uuid", a custom converter's name, or "regex"
    regex: str = ""


@dataclass(frozen=True)
class Route:
    """One URL pattern with the patterns of the includes above it."""

    parts: tuple[tuple[str, str], ...]  # ("route" | "regex", the pattern's text), outermost first
    name: str  # with its namespaces ("admin:people_person_change"); "" for unnamed patterns
    callback: Any
    kind: str  # "site", "admin" or "api"

    @property
    def pattern(self) -> str:
        return "/" + "".join(_readable(kind, text) for kind, text in self.parts)

    @property
    def label(self) -> str:
        return f"{self.pattern} [{self.name or 'unnamed'}]"

    @property
    def key(self) -> str:
        return self.name or self.pattern

    @property
    def params(self) -> list[Param]:
        found: list[Param] = []
        for kind, text in self.parts:
            if kind == "route":
                for m in re.finditer(r"<(?:(\w+):)?(\w+)>", text):
                    found.append(Param(m.group(2), m.group(1) or "str"))
            else:
                for name, regex, _start, _end in _regex_groups(text):
                    found.append(Param(name, "regex", regex))
        return found

    def url(self, values: dict[str, str]) -> str:
        out = []
        for kind, text in self.parts:
            if kind == "route":
                out.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], text))
            else:
                pieces, last = [], 0
                for name, _regex, start, end in _regex_groups(text):
                    pieces.append(_unregex(text[last:start]))
                    pieces.append(values[name])
                    last = end
                pieces.append(_unregex(text[last:]))
                out.append("".join(pieces))
        return "/" + "".join(out)

    def segment_before(self, param: str) -> str:
        """The last static path segment before ``param`` ("people" in "people/<int:pk>/")."""
        text = "".join(t if k == "route" else _unregex(re.sub(r"\(\?P<\w+>", "<", t)) for k, t in self.parts)
        head = text.split(f":{param}>")[0] if f":{param}>" in text else text.split(f"<{param}>")[0]
        static = [s for s in re.sub(r"<[^>]*>?", "/", head).split("/") if s and not s.startswith("<")]
        return static[-1] if static else ""


def _regex_groups(text: str) -> Iterator[tuple[str, str, int, int]]:
    """Named groups of a regex pattern: (name, inner regex, start, end) with balanced parentheses."""
    for m in re.finditer(r"\(\?P<(\w+)>", text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            if text[i] == "\\":
                i += 2
                continue
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        yield m.group(1), text[m.end() : i - 1], m.start(), i


def _unregex(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text.removeprefix("^").removesuffix("$").removesuffix("\\Z"))


def _readable(kind: str, text: str) -> str:
    if kind == "route":
        return text
    return _unregex(re.sub(r"\(\?P<(\w+)>", r"<\1:", text))


def _part(pattern: Any) -> tuple[str, str]:
    if isinstance(pattern, RoutePattern):
        return ("route", str(pattern))
    if isinstance(pattern, RegexPattern):
        return ("regex", pattern._regex)
    return ("route", str(pattern))  # e.g. a language prefix: plain text


def routes(urlconf: str | None = None) -> list[Route]:
    """Every URL pattern reachable from the root urlconf, includes followed."""
    found: list[Route] = []

    def walk(patterns: Iterable[Any], parts: tuple[tuple[str, str], ...], spaces: tuple[str, ...], kind: str):
        for p in patterns:
            here = (*parts, _part(p.pattern))
            if isinstance(p, URLResolver):
                sub = kind
                if p.app_name == "admin":
                    sub = "admin"
                elif p.app_name == "ninja" or getattr(p.urlconf_name, "__module__", "").startswith("ninja"):
                    sub = "api"
                walk(p.url_patterns, here, (*spaces, p.namespace) if p.namespace else spaces, sub)
            elif isinstance(p, URLPattern):
                name = ":".join((*spaces, p.name)) if p.name else ""
                found.append(Route(here, name, p.callback, kind))

    walk(get_resolver(urlconf).url_patterns, (), (), "site")
    return found


# ---------------------------------------------------------------------------------------------------------------
# Two wards
# ---------------------------------------------------------------------------------------------------------------
@dataclass
class World:
    """Wards A and B of one district. ``b`` holds ward B's objects by kind (first ones related: org 0 has
    body 0, whose term 0 and post 0 person 0 holds). ``secrets`` are what must never reach ward A."""

    a: dict[str, list[Any]] = field(default_factory=dict)
    b: dict[str, list[Any]] = field(default_factory=dict)
    secrets: list[tuple[str, str]] = field(default_factory=list)  # (what, text)
    a_names: list[str] = field(default_factory=list)
    b_surname: str = ""
    progress_tokens: list[str] = field(default_factory=list)
    officers: dict[str, Any] = field(default_factory=dict)

    def b_ids(self, kind: str) -> list[str]:
        return [str(o.pk) for o in self.b.get(kind, [])]

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """Ward B's rows as they are (to prove the walk's writes changed none of them)."""
        b_orgs = [o.pk for o in self.b["organization"]]
        b_users = [u.pk for u in self.b["user"]]
        b_people = [p.pk for p in self.b["person"]]
        return {
            "people": list(Person.objects.filter(pk__in=b_people).order_by("pk").values()),
            "tenures": list(Tenure.objects.filter(post__organization__in=b_orgs).order_by("pk").values())
            + list(Tenure.objects.filter(person__in=b_people).order_by("pk").values()),
            "organizations": list(Organization.objects.filter(pk__in=b_orgs).order_by("pk").values()),
            "bodies": list(Body.objects.filter(organization__in=b_orgs).order_by("pk").values()),
            "terms": list(Term.objects.filter(body__organization__in=b_orgs).order_by("pk").values()),
            "posts": list(Post.objects.filter(organization__in=b_orgs).order_by("pk").values()),
            "users": list(
                get_user_model()
                .objects.filter(pk__in=b_users)
                .order_by("pk")
                .values(
                    "pk", "username", "password", "is_active", "is_staff", "first_name", "last_name", "email"
                )
            ),
            "assignments": list(Assignment.objects.filter(user__in=b_users).order_by("pk").values()),
            "tokens": list(ApiToken.objects.filter(user__in=b_users).order_by("pk").values()),
            "imports": list(
                ImportRecord.objects.filter(user__in=b_users)
                .order_by("pk")
                .values("pk", "filename", "status", "sha256", "size")
            ),
            **{k: v for extension in EXTENSIONS for k, v in extension.snapshot(self).items()},
        }


def _ward(n: str, district: Any) -> dict[str, list[Any]]:
    area = AreaFactory(name=f"Phường Thử {n}", parent=district)
    party = org_services.organization_create(
        name=f"Đảng bộ phường Thử {n}", kind="grassroots_party", area=area
    )
    union = org_services.organization_create(
        name=f"Hội Liên hiệp Phụ nữ phường Thử {n}", kind="womens_union", area=area
    )
    bodies, terms, posts = [], [], []
    for org, kind in ((party, "executive_committee"), (union, "union_executive_committee")):
        body = org_services.body_create(organization=org, kind=kind, name=f"Ban Chấp hành {org.name}")
        old = org_services.term_create(
            body=body, name="2020–2025", start_date=dt.date(2020, 10, 1), end_date=dt.date(2025, 9, 30)
        )
        new = org_services.term_create(body=body, name="2025–2030", start_date=dt.date(2025, 10, 1))
        member = org_services.post_create(organization=org, name="Ủy viên Ban Chấp hành", body=body)
        chair = org_services.post_create(organization=org, name="Bí thư", rank=1, is_key=True, is_leader=True)
        bodies.append(body)
        terms += [new, old]
        posts += [member, chair]
    return {
        "area": [area],
        "organization": [party, union],
        "body": bodies,
        "term": terms,
        "post": posts,
    }


def _hold(person: Any, post: Any, term: Any, start: dt.date, end: dt.date | None = None) -> Any:
    return org_services.tenure_create(
        person=person,
        post=post,
        term=term,
        start_date=start,
        end_date=end,
        end_reason="term_ended" if end else "",
        start_reason="elected",
        start_decision="12/QĐ-ĐU",
    )


def build_world() -> World:
    """Ward A (the officers' own) and ward B (whose names must not reach them), in one district."""
    w = World()
    catalogue_sync()  # the indicators, so that the overview and the indicator pages have figures to show
    district = AreaFactory(name="Quận Thử", level="district", kind="quan")
    w.a, w.b = _ward("An", district), _ward("Bình", district)
    now, then = dt.date(2025, 10, 15), dt.date(2020, 10, 1)

    def person(name: str, sex: str, **extra: Any) -> Any:
        return PersonFactory(full_name=name, sex=sex, birth_date=dt.date(1988, 3, 9), **extra)

    # Ward A: its people (the officers must see them: the walk proves its eyes work).
    a1, a2 = person("Nguyễn Thị Hoàng Yến", "F"), person("Trần Văn Khải", "M")
    _hold(a1, w.a["post"][0], w.a["term"][0], now)
    _hold(a2, w.a["post"][1], None, now)
    w.a["person"] = [a1, a2]
    w.a_names = [a1.full_name, a2.full_name]

    # Ward B: a member now, a chair whose tenure ended, a women's union member, a person whose dossier only
    # is kept in B (no tenure), and someone of both wards (visible to A: not a secret).
    b = w.b
    b1 = person("Quách Thị Bảo Trâm", "F")
    b2 = person("Lục Văn Khiêm", "M")
    b3 = person("Mạc Thị Kim Xuyến", "F")
    b4 = person("Hứa Thị Thu Diễm", "F", dossier_organization=b["organization"][1])
    both = person("Tôn Nữ Hạnh Dung", "F")
    tenures = [
        _hold(b1, b["post"][0], b["term"][0], now),
        _hold(b2, b["post"][1], None, then, dt.date(2025, 9, 30)),
        _hold(b3, b["post"][2], b["term"][2], now),
        _hold(both, b["post"][0], b["term"][0], now),
        _hold(both, w.a["post"][0], w.a["term"][0], now),
    ]
    b["person"] = [b1, b4, b2, b3]
    b["tenure"] = tenures[:3]
    w.b_surname = "Quách"
    w.secrets += [("person", p.full_name) for p in b["person"]]

    # Users: ward B's own (their names, assignments, token and import are B's), and ward A's officers.
    b_editor = make_user(
        "quachb_bientap", area=b["area"][0], role=Role.EDITOR, first_name="Bông", last_name="Phan Thị"
    )
    b_viewer = make_user("lucb_xem", area=b["area"][0], role=Role.VIEWER, kinds=["womens_union"])
    b["user"] = [b_editor, b_viewer]
    b["assignment"] = list(Assignment.objects.filter(user__in=b["user"]))
    b["apitoken"] = [
        ApiToken.objects.create(user=b_editor, name="Máy chủ phường Bình", prefix="bbbbbbbb", digest="b" * 64)
    ]
    record = ImportRecord.objects.create(
        user=b_editor,
        filename="danh-sach-quach-phuong-binh.xlsx",
        sha256="c" * 64,
        size=40,
        content="Họ và tên\nQuách Thị Bảo Trâm\n".encode(),
        status=ImportStatus.DRY_RUN,
        counts={},
        errors=[],
        details={},
    )
    b["import"] = [record]
    token = "walk-b-progress-token"
    cache.set(
        f"import-progress:{token}",
        {"sheet": "", "done": 1, "total": 1, "record": record.pk, "user": b_editor.pk},
        3600,
    )
    w.progress_tokens = [token]
    w.secrets += [("user", u.username) for u in b["user"]] + [
        ("user", b_editor.get_full_name()),
        ("user", "Phan Thị Bông"),
        ("import", record.filename),
    ]
    w.secrets += [("token", "Máy chủ phường Bình")]
    b["audit"] = list(
        AuditRecord.objects.filter(model="people.person", object_id__in=[str(p.pk) for p in b["person"]])
    )
    w.officers = {
        "editor of A": make_user("a_bientap", area=w.a["area"][0], role=Role.EDITOR, analysis_area=district),
        "manager of A": make_user("a_quanly", area=w.a["area"][0], role=Role.MANAGER, analysis_area=district),
    }
    for extension in EXTENSIONS:
        extension.extend(w)
    return w


# ---------------------------------------------------------------------------------------------------------------
# Filling parameters
# ---------------------------------------------------------------------------------------------------------------
class Unfillable(Exception):
    pass


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z]+", text.lower()) if w]


def _kind_of(route: Route, param: Param) -> str | None:
    """Which kind of object ``param`` names, from its name, the segment before it, the URL name, the app."""
    name = param.name.lower()
    base = re.sub(r"_?(id|pk)$", "", name)
    if base and base in WORDS:
        return WORDS[base]
    if name in GENERIC or not base:
        for word in reversed(_words(route.segment_before(param.name))):
            if word in WORDS:
                return WORDS[word]
        for word in _words(route.name.split(":")[-1]):
            if word in WORDS:
                return WORDS[word]
        module = getattr(route.callback, "__module__", "") or ""
        for word in _words(module.removeprefix("nguon.")):
            if word in WORDS:
                return WORDS[word]
    return None


def _admin_model(route: Route) -> Any:
    m = re.match(r"admin:(\w+?)_(\w+)_(change|delete|history)$", route.name)
    if not m:
        return None
    for label in (m.group(1), m.group(1).split("_")[0]):
        try:
            return apps.get_model(label, m.group(2))
        except LookupError:
            continue
    return None


def _b_pk_of_model(world: World, model: Any) -> list[str]:
    for kind, cls in KIND_MODELS.items():
        if model is cls:
            return world.b_ids(kind)
    if model is get_user_model():
        return world.b_ids("user")
    if model is not None and model._meta.model_name == "area":
        return world.b_ids("area")
    first = model.objects.order_by("pk").first() if model is not None else None
    return [str(first.pk)] if first is not None else ["1"]


def fillings(route: Route, world: World) -> list[dict[str, str]]:
    """The values to put in ``route``'s parameters (several fillings when there are several B objects of the
    kind); raises ``Unfillable`` with the reason when a parameter cannot be filled."""
    choices: dict[str, list[str]] = {}
    for param in route.params:
        values: list[str] = []
        if route.kind == "admin":
            if param.name == "object_id":
                values = _b_pk_of_model(world, _admin_model(route))
            elif param.name == "content_type_id":
                values = [str(ContentType.objects.get_for_model(Person).pk)]
            elif param.name == "app_label" and param.regex:
                values = [param.regex.split("|")[0].strip("()")]
            elif param.name == "url":
                values = ["walk-missing/"]
        if not values and param.name.lower() in {"token", "progress_token"} and "import" in route.key:
            values = list(world.progress_tokens)
        if not values and param.name.lower() == "year":
            values = ["2022"]  # a year of ward B's programmes and plans (nguon/programmes/tests/walk.py)
        if not values:
            kind = _kind_of(route, param)
            if kind == "apitoken" and param.converter not in {"int"}:
                values = [t.prefix for t in world.b["apitoken"]]
            elif kind is not None and world.b.get(kind):
                values = world.b_ids(kind)
            elif param.converter == "int" or param.regex in {r"\d+", "[0-9]+"}:
                # Nothing names it: try the id of every ward-B object.
                values = sorted({str(o.pk) for objs in world.b.values() for o in objs}, key=int)
        if not values:
            raise Unfillable(
                f"cannot fill parameter <{param.converter}:{param.name}> of {route.label}: add its word to WORDS "
                f"(which ward-B object it names) or an entry to UNFILLABLE with the reason"
            )
        choices[param.name] = values
    if not choices:
        return [{}]
    longest = max(len(v) for v in choices.values())
    return [{name: values[i % len(values)] for name, values in choices.items()} for i in range(longest)]


# ---------------------------------------------------------------------------------------------------------------
# Reading a response
# ---------------------------------------------------------------------------------------------------------------
def response_text(response: Any) -> str:
    """Everything a reader could find in the response: HTML or JSON as text (JSON's \\u escapes decoded,
    tags stripped as well), and the text of the XML parts of an xlsx/docx/zip."""
    data = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    texts: list[str] = []
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for info in z.infolist():
                    if info.filename.endswith((".xml", ".rels", ".csv", ".txt", ".json", ".html")):
                        texts.append(z.read(info).decode("utf-8", "replace"))
        except zipfile.BadZipFile:
            pass
    text = data.decode("utf-8", "replace")
    texts.append(text)
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            texts.append(json.dumps(json.loads(text), ensure_ascii=False))
    joined = html.unescape("\n".join(texts))
    return joined + "\n" + re.sub(r"<[^>]*>", "", joined)


def leaks(text: str, secrets: Iterable[tuple[str, str]]) -> list[str]:
    folded = fold(text)
    return [f"{what} {secret!r}" for what, secret in secrets if secret in text or fold(secret) in folded]


# ---------------------------------------------------------------------------------------------------------------
# The walk
# ---------------------------------------------------------------------------------------------------------------
@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    routes: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    seen_a_names: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    # the local links (href, hx-get) of the pages ward A's officers were shown, by officer: url -> where found
    links: dict[str, dict[str, str]] = field(default_factory=dict)
    visited: dict[str, set[str]] = field(default_factory=dict)
    crawled: int = 0

    def route_problem(self, route: Route, problem: str) -> None:
        self.problems.append(f"{route.label}: {problem}")

    def add(self, route: Route, who: str, method: str, url: str, response: Any, problem: str) -> None:
        error = getattr(response, "exc_info", None)
        if response.status_code >= 500 and error:
            problem += f" ({error[0].__name__}: {error[1]})"
        self.problems.append(f"{route.label} {method} {url} as {who}: {response.status_code} — {problem}")

    def text(self) -> str:
        return f"{len(self.problems)} problem(s) in the scope walk:\n  " + "\n  ".join(self.problems)


def _login_paths() -> set[str]:
    paths = {urlsplit(resolve_url(settings.LOGIN_URL)).path}
    with contextlib.suppress(NoReverseMatch):  # a site without the admin
        paths.add(reverse("admin:login"))
    return paths


def _request(client: Client, method: str, url: str, api: bool) -> Any:
    """GET, or a write with nothing in it: an empty form, or ``{}`` to the API (with the officer's token)."""
    headers = getattr(client, "api_headers", {}) if api else {}
    if method == "GET":
        return client.get(url, headers=headers)
    if api:
        return client.generic(method, url, data="{}", content_type="application/json", headers=headers)
    return client.post(url, {})


def _follow(client: Client, response: Any, limit: int = 3) -> list[Any]:
    """The response and the local pages its redirects lead to (GET), up to ``limit`` hops."""
    chain = [response]
    while chain[-1].status_code in REDIRECTS and len(chain) <= limit:
        target = urlsplit(chain[-1]["Location"])
        if target.netloc and target.netloc != "testserver":
            break
        chain.append(client.get(target.path + (f"?{target.query}" if target.query else "")))
    return chain


def _probe_query(world: World) -> str:
    """Ward-B ids and a B surname under the names list pages filter by."""
    b = world.b
    ids = {
        "area": b["area"][0].pk,
        "organization": b["organization"][0].pk,
        "body": b["body"][0].pk,
        "post": b["post"][0].pk,
        "term": b["term"][0].pk,
        "person": b["person"][0].pk,
    }
    query: dict[str, Any] = {"q": world.b_surname, "search": world.b_surname, "name": world.b_surname}
    for k, v in ids.items():
        query[k] = v
        query[f"{k}_id"] = v
    query["org"] = ids["organization"]
    return urlencode(query)


def _code_probe_query(world: World) -> str:
    """Ward B's area by its code, with an indicator that counts B's people (the indicator cells)."""
    from nguon.indicators.models import Indicator

    codes = list(Indicator.objects.order_by("pk").values_list("code", flat=True))
    code = "grassroots-committee-women" if "grassroots-committee-women" in codes else (codes or [""])[0]
    area = world.b["area"][0].code
    return urlencode({"area": area, "unit": area, "area_code": area, "indicator": code})


def walk(world: World, only: Callable[[Route], bool] | None = None, urlconf: str | None = None) -> Report:
    """Request every route (or those ``only`` keeps) without login and as ward A's officers: the editor
    everywhere, the manager where the editor was refused with 403 (the pages of a higher level)."""
    report = Report()
    logins = _login_paths()
    anon = Client(raise_request_exception=False)
    officers = []
    for who, user in world.officers.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        # the API as its clients call it: a personal token (the session works too: the docs page uses it)
        _token, plain = token_create(user=user, name="scope walk", acting_user=user)
        client.api_headers = {"Authorization": f"Bearer {plain}"}  # type: ignore[attr-defined]
        officers.append((who, client, user))
    all_secrets = [*world.secrets, *(("person of A", n) for n in world.a_names)]
    probes = [_probe_query(world), _code_probe_query(world)]

    walked_api: set[str] = set()
    for route in routes(urlconf):
        if only is not None and not only(route):
            continue
        if route.kind == "api":
            # ninja mounts one pattern per operation, all on the same view: walk each path once
            if route.pattern in walked_api:
                continue
            walked_api.add(route.pattern)
        report.routes += 1
        report.by_kind[route.kind] = report.by_kind.get(route.kind, 0) + 1
        started = time.monotonic()
        _walk_route(report, world, route, anon, officers, logins, all_secrets, probes)
        report.seconds[route.kind] = report.seconds.get(route.kind, 0.0) + time.monotonic() - started
    started = time.monotonic()
    if only is None:
        _crawl(report, world, officers)
    report.seconds["links"] = time.monotonic() - started
    return report


SKIP_LINKS = re.compile(r"^/(static|media|admin|i18n|logout|login)/|^/api/docs|^/api/openapi")
CRAWL_LIMIT = 400  # links followed per officer, to keep the walk's time bounded


def _links(text: str) -> set[str]:
    """Local GET addresses in a page: its links and its htmx requests."""
    found = set()
    for m in re.finditer(r'(?:href|hx-get)="([^"]+)"', text):
        url = html.unescape(m.group(1)).split("#")[0]
        if url.startswith("http://testserver/"):
            url = url.removeprefix("http://testserver")
        if url.startswith("/") and not url.startswith("//") and not SKIP_LINKS.search(url):
            found.add(url)
    return found


def _crawl(report: Report, world: World, officers: list[tuple[str, Client, Any]]) -> None:
    """Follow, two levels deep, the links of the pages the officers were shown (filters, cells of the
    indicator table, area tree levels, pages of lists): addresses with query strings that no URL pattern
    names, judged like the routes."""
    for who, client, user in officers:
        for _depth in range(2):
            visited = report.visited.setdefault(who, set())
            pending = sorted(set(report.links.get(who, {})) - visited)
            budget = CRAWL_LIMIT - len(visited & set(report.links.get(who, {})))
            for url in pending[: max(budget, 0)]:
                origin = report.links[who][url]
                route = Route((("route", url.lstrip("/")),), f"a link on {origin}", None, "site")
                visited.add(url)
                chain = _follow(client, client.get(url))
                report.requests += len(chain)
                report.crawled += 1
                _judge_officer(report, world, route, who, "GET", url, chain)
                if "_auth_user_id" not in client.session:
                    client.force_login(user)


def _walk_route(
    report: Report,
    world: World,
    route: Route,
    anon: Client,
    officers: list[tuple[str, Client, Any]],
    logins: set[str],
    all_secrets: list[tuple[str, str]],
    probes: list[str],
) -> None:
    public = is_marked(route.callback) and _is_public(route.callback)
    if route.kind == "site" and not is_marked(route.callback):
        view = f"{getattr(route.callback, '__module__', '?')}.{getattr(route.callback, '__name__', '?')}"
        report.route_problem(route, f"view {view} is marked neither @scoped nor public (nguon.core.access)")
    try:
        fills = fillings(route, world)
    except Unfillable as error:
        if not any(f"{route.key}:{p.name}" in UNFILLABLE for p in route.params):
            report.route_problem(route, str(error))
        return
    if route.kind == "admin":
        _walk_admin(report, route, fills[0], anon, officers, logins)
        return
    api = route.kind == "api"
    methods = API_METHODS if api else ("GET", "POST")
    unserved: set[str] = set()  # API methods the route does not serve (ninja answers 405 before any auth)
    for i, values in enumerate(fills):
        url = route.url(values)
        for method in methods:
            if method in unserved or (i > 0 and method != "GET"):
                continue  # writes: one object of B is enough (the refusal does not depend on which)
            if i == 0:  # without login, one filling is enough: nothing of anyone's may answer
                first = _request(anon, method, url, api)
                chain = [first] if api else _follow(anon, first)
                report.requests += len(chain)
                _judge_anonymous(report, route, method, url, chain, public, logins, all_secrets)
                if api and first.status_code == 405:
                    unserved.add(method)
                    continue
            refused = True
            for who, client, user in officers:
                if not refused:
                    break
                response = _request(client, method, url, api)
                chain = _follow(client, response)
                report.requests += len(chain)
                if method == "GET":
                    report.visited.setdefault(who, set()).add(url)
                _judge_officer(report, world, route, who, method, url, chain)
                refused = response.status_code == 403
                if method == "GET" and not route.params and response.status_code == 200:
                    for probe in probes:
                        probed = f"{url}?{probe}"
                        report.visited.setdefault(who, set()).add(probed)
                        chain = _follow(client, _request(client, "GET", probed, api))
                        report.requests += len(chain)
                        _judge_officer(report, world, route, who, "GET", probed, chain)
                if "_auth_user_id" not in client.session:  # the walk went through logout
                    client.force_login(user)


def _walk_admin(
    report: Report,
    route: Route,
    values: dict[str, str],
    anon: Client,
    officers: list[tuple[str, Client, Any]],
    logins: set[str],
) -> None:
    """The admin is for administrators only: without login and for ward A's officers, every admin route
    sends to a login page or refuses (its pages are not read: they are never shown to these users)."""
    url = route.url(values)
    admin_index = reverse("admin:index")
    for who, client in [("anonymous", anon), *((who, client) for who, client, _user in officers)]:
        response = client.get(url)
        report.requests += 1
        status = response.status_code
        if status in {403, 404, 405}:
            continue
        if status in REDIRECTS:
            target = urlsplit(response["Location"]).path
            # to a login page, to the admin's index (which sends on), or out of the admin
            if target in logins or target == admin_index or not target.startswith(admin_index):
                continue
        report.add(route, who, "GET", url, response, "the admin answers a user who is not an administrator")


def _is_public(callback: Any) -> bool:
    targets = (callback, getattr(callback, "view_class", None), getattr(callback, "__wrapped__", None))
    return any(getattr(t, "nguon_public", False) for t in targets if t is not None)


def _judge_anonymous(
    report: Report,
    route: Route,
    method: str,
    url: str,
    chain: list[Any],
    public: bool,
    logins: set[str],
    secrets: list[tuple[str, str]],
) -> None:
    first, last = chain[0], chain[-1]
    if any(r.status_code >= 500 for r in chain):
        report.add(
            route, "anonymous", method, url, next(r for r in chain if r.status_code >= 500), "server error"
        )
        return
    if public or (route.kind == "api" and route.name in PUBLIC_API):
        for response in chain:
            found = leaks(response_text(response), secrets)
            if found:
                report.add(
                    route, "anonymous", method, url, response, "a public route shows " + ", ".join(found)
                )
        return
    if first.status_code in {401, 403, 404, 405}:
        return
    if first.status_code in REDIRECTS and route.kind != "api":
        # to the login page, possibly through other pages that send there (the admin's index)
        for response in chain[:-1]:
            if urlsplit(response["Location"]).path in logins:
                return
        if last.status_code in {401, 403, 404, 405}:
            return
        path = last.request["PATH_INFO"]
        report.add(
            route,
            "anonymous",
            method,
            url,
            first,
            f"redirects to {path} ({last.status_code}), not to the login page",
        )
        return
    expected = "401/403/404" if route.kind == "api" else "a redirect to the login page, or 403/404"
    report.add(route, "anonymous", method, url, first, f"answers without login (expected {expected})")


def _judge_officer(
    report: Report, world: World, route: Route, who: str, method: str, url: str, chain: list[Any]
) -> None:
    for response in chain:
        if response.status_code >= 500:
            report.add(route, who, method, url, response, "server error")
            continue
        if route.kind == "api" and response.status_code == 401 and response is chain[0]:
            report.add(
                route,
                who,
                method,
                url,
                response,
                "a logged-in officer is refused as anonymous: the walk cannot test the API's scope",
            )
        text = response_text(response)
        found = leaks(text, world.secrets)
        if found:
            where = (
                f" (after the redirect to {response.request['PATH_INFO']})"
                if response is not chain[0]
                else ""
            )
            report.add(route, who, method, url, response, "shows ward B's " + ", ".join(found) + where)
        if not report.seen_a_names and any(n in text for n in world.a_names):
            report.seen_a_names = True
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            links = report.links.setdefault(who, {})
            for link in _links(response.content.decode("utf-8", "replace")):
                links.setdefault(link, route.label)


# ---------------------------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------------------------
@pytest.fixture
def world(db: None) -> World:
    cache.clear()
    return build_world()


def test_every_route_is_scoped(world: World) -> None:
    """Every URL pattern and API route, requested without login and by ward A's editor and manager on ward B's
    objects, sends to the login page or refuses, and shows ward A's officers no name from ward B; nothing
    of ward B changes; every site route is marked scoped or public."""
    before = world.snapshot()
    started = time.monotonic()
    report = walk(world)
    seconds = time.monotonic() - started
    print(
        f"\nscope walk: {report.routes} routes ({report.by_kind}), {report.requests} requests in {seconds:.1f} s"
        f" ({', '.join(f'{k} {v:.1f} s' for k, v in report.seconds.items())}), {report.crawled} links followed"
    )
    after = world.snapshot()
    for table in before:
        if before[table] != after[table]:
            report.problems.append(
                f"ward B's {table} changed during the walk: {before[table]} -> {after[table]}"
            )
    assert report.by_kind.get("site", 0) > 0 and report.by_kind.get("admin", 0) > 0
    assert not report.problems, report.text()
    # The walk saw ward A's names somewhere: it can read the pages it judges.
    assert report.seen_a_names, "no response showed a name of ward A: the walk cannot be reading the pages"


def test_every_api_operation_is_walked() -> None:
    """Every path of the API's OpenAPI schema is one of the routes the walk requests (the API's routes are
    reached through the URL resolver, not listed by hand)."""
    from nguon.api.api import api

    schema = api.get_openapi_schema()
    walked = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.pattern).rstrip("/") for r in routes() if r.kind == "api"
    }
    missing = [p for p in schema["paths"] if p.rstrip("/") not in walked]
    assert not missing, f"API paths the walk does not reach: {missing}"


# -- the walk catches an unscoped route: a urlconf with the real one and three faulty routes ---------------------
def dummy_unmarked(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@scoped
def dummy_every_name(request: HttpRequest) -> HttpResponse:
    """Marked, but reads around the scope: every person in the country."""
    return HttpResponse(", ".join(Person.objects.values_list("full_name", flat=True)))


@scoped
def dummy_mystery(request: HttpRequest, mystery: str) -> HttpResponse:
    return HttpResponse("")


SITE_URLCONF = settings.ROOT_URLCONF


def __getattr__(name: str) -> Any:
    """This module as a urlconf: the faulty routes, then the site's. Built when Django reads it, not at import
    (a broken site urlconf then fails the tests that use it, not the collection of this module)."""
    if name == "urlpatterns":
        return [
            path("walk-dummy/unmarked/", dummy_unmarked, name="walk-dummy-unmarked"),
            path("walk-dummy/every-name/", dummy_every_name, name="walk-dummy-every-name"),
            path("walk-dummy/<slug:mystery>/", dummy_mystery, name="walk-dummy-mystery"),
            path("", include(SITE_URLCONF)),
        ]
    raise AttributeError(name)


@override_settings(ROOT_URLCONF=__name__)
def test_the_walk_fails_on_unscoped_routes(world: World) -> None:
    """A route marked neither scoped nor public, a scoped route that lists every person's name, and a route
    whose parameter the walk cannot fill each fail the walk, with the route, the user and the leaked name."""
    found = routes()
    assert {r.name for r in found} >= {"walk-dummy-unmarked", "walk-dummy-every-name", "dashboard"}
    report = walk(world, only=lambda r: r.name.startswith("walk-dummy-"))
    text = report.text()
    assert any(
        "walk-dummy-unmarked" in p and "marked neither @scoped nor public" in p for p in report.problems
    ), text
    assert any(
        "walk-dummy-every-name" in p and "as editor of A" in p and "'Quách Thị Bảo Trâm'" in p
        for p in report.problems
    ), text
    assert any(
        "walk-dummy-mystery" in p and "cannot fill parameter <slug:mystery>" in p for p in report.problems
    ), text
    # and the unmarked route also answers without login: the anonymous check reports it
    assert any("walk-dummy-unmarked" in p and "as anonymous: 200" in p for p in report.problems), text


def test_the_walk_reads_names_in_json_and_workbooks() -> None:
    """A name is found in JSON with \\u escapes, split by HTML tags, folded (no diacritics), and inside an
    xlsx's shared strings."""
    import xlsxwriter

    secrets = [("person", "Quách Thị Bảo Trâm")]
    as_json = HttpResponse(json.dumps({"n": "Quách Thị Bảo Trâm"}), content_type="application/json")
    tagged = HttpResponse("<td>Quách Thị <mark>Bảo</mark> Trâm</td>")
    folded = HttpResponse("quach thi bao tram")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    book.add_worksheet().write(0, 0, "Quách Thị Bảo Trâm")
    book.close()
    workbook = HttpResponse(buffer.getvalue(), content_type="application/vnd.ms-excel")
    for response in (as_json, tagged, folded, workbook):
        assert leaks(response_text(response), secrets), response.content[:80]
    assert not leaks(response_text(HttpResponse("Quách Thị Bảo")), secrets)
