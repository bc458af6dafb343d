"""Structure an import names (organizations, bodies, terms, posts): found by folded name within its parent,
near-duplicates refused with the closest registered one proposed, new structure created only when the user
allows it, and created in bulk (the statements do not grow with the number of communes)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nguon.accounts.tests.factories import national_user
from nguon.areas.services import area_create
from nguon.core.models import AuditRecord
from nguon.imports.models import ImportRecord
from nguon.imports.services import import_file
from nguon.imports.structure import StructurePolicy
from nguon.imports.tests.test_services import (  # noqa: F401
    PEOPLE_HEAD,
    TENURE_HEAD,
    D,
    areas,
    good_book,
    xlsx,
)
from nguon.organizations.models import Body, Organization, Post, Tenure, Term

WOMEN = "Hội LHPN phường Hàng Bạc"
CHAIR = "Chủ tịch Hội LHPN phường"


def _tenure(
    org: str, post: str, *, body: str = "", term: str = "", start: str = "01/01/2023"
) -> list[object]:
    return ["", "Nguyễn Thị Hoa", "12/03/1985", "00061", org, body, post, term, start, "", "Bầu"]


def _book(*tenures: list[object]) -> bytes:
    return xlsx(
        {
            "Cán bộ": [
                PEOPLE_HEAD,
                ["CB001", "Nguyễn Thị Hoa", "12/03/1985", "Nữ", "Kinh", "Đại học", "Trung cấp", "03/02/2010"],
            ],
            "Chức vụ": [TENURE_HEAD, *tenures],
        }
    )


@pytest.fixture
def registered(areas):  # noqa: F811
    """good_book imported: the ward has a Party committee, a People's Committee and the Women's Union with
    its post 'Chủ tịch Hội LHPN phường'."""
    assert import_file(data=good_book(), filename="a.xlsx").ok
    return areas


def test_a_near_duplicate_post_is_refused_with_the_proposal(registered):
    """'Chủ tịch' typed for the Women's Union stops the import on its row and column, naming the registered
    'Chủ tịch Hội LHPN phường' and how to create it anyway; nothing is written."""
    posts = Post.objects.count()
    result = import_file(data=_book(_tenure(WOMEN, "Chủ tịch")), filename="b.xlsx")
    assert [e.as_dict() for e in result.errors] == [
        {
            "sheet": "Chức vụ",
            "row": 2,
            "column": "Chức danh",
            "message": f"'Chủ tịch' không có trong {WOMEN}; có phải '{CHAIR}' không? Nếu là chức vụ mới,"
            " chọn 'Tạo mới cơ cấu'.",
        }
    ]
    assert Post.objects.count() == posts
    assert [p.proposal for p in result.proposals] == [CHAIR]


def test_a_confirmed_near_duplicate_is_created(registered):
    """Confirming the item by its key (the preview's checkbox), or every near-duplicate (the CLI's
    --create-near-duplicates), creates the post beside the registered one."""
    book = _book(_tenure(WOMEN, "Chủ tịch"))
    key = import_file(data=book, filename="b.xlsx", dry_run=True).proposals[0].key
    result = import_file(data=book, filename="b.xlsx", structure=StructurePolicy(confirmed=frozenset({key})))
    assert result.ok, result.errors
    assert result.created == {"posts": ["Chủ tịch"]}
    org = Organization.objects.get(name=WOMEN)
    assert sorted(org.posts.values_list("name", flat=True)) == ["Chủ tịch", CHAIR]


def test_a_deputy_post_is_not_a_near_duplicate(registered):
    """'Phó Chủ tịch Hội LHPN phường' is a post of its own, not a misspelt chair: created without question."""
    result = import_file(data=_book(_tenure(WOMEN, "Phó Chủ tịch Hội LHPN phường")), filename="b.xlsx")
    assert result.ok, result.errors
    assert result.created == {"posts": ["Phó Chủ tịch Hội LHPN phường"]}


def test_names_are_matched_folded_and_with_abbreviations_written_out(registered):
    """Another case, other accents' placement or the abbreviation written out name the registered
    structure: no second organization, body or post."""
    before = (Organization.objects.count(), Body.objects.count(), Post.objects.count(), Term.objects.count())
    result = import_file(
        data=_book(
            _tenure("Hội Liên hiệp Phụ nữ phường Hàng Bạc", "chủ tịch hội lhpn phường"),
            _tenure(
                "ĐẢNG BỘ PHƯỜNG HÀNG BẠC",
                "Uỷ viên BCH",
                body="ban chấp hành đảng bộ phường hàng bạc",
                term="2020-2025",
                start="15/05/2020",
            ),
        ),
        filename="b.xlsx",
    )
    assert result.ok, result.errors
    assert result.created == {}
    after = (Organization.objects.count(), Body.objects.count(), Post.objects.count(), Term.objects.count())
    assert after == before
    assert Tenure.objects.filter(post__name=CHAIR, person__code="CB001").exists()


def test_new_structure_needs_the_users_consent(registered):
    """A post never seen in its organization is created when new structure is allowed (the default of the
    service, the checkbox of the page, --create-structure of the command); otherwise the import stops on
    it, saying it would be created and how to allow it."""
    book = _book(_tenure(WOMEN, "Ủy viên Ban Thường vụ"))
    refused = import_file(data=book, filename="b.xlsx", structure=StructurePolicy(create_new=False))
    assert [(e.column, e.message) for e in refused.errors] == [
        (
            "Chức danh",
            f"'Ủy viên Ban Thường vụ' chưa có trong {WOMEN} và sẽ được tạo mới: để tạo, chọn 'Tạo mới cơ cấu'.",
        )
    ]
    assert [(p.kind, p.name, p.proposal) for p in refused.proposals] == [
        ("posts", "Ủy viên Ban Thường vụ", "")
    ]
    assert not Post.objects.filter(name="Ủy viên Ban Thường vụ").exists()
    assert import_file(data=book, filename="b.xlsx").ok
    assert Post.objects.filter(name="Ủy viên Ban Thường vụ").exists()


def test_structure_created_in_bulk_with_its_audit_records(db):
    """A first import over many communes creates their organizations, bodies, terms and posts with a number
    of statements that does not grow with the communes, each with its audit record."""
    province = area_create(code="01", name="Thành phố Hà Nội", level="province")

    def book(codes: list[str]) -> bytes:
        people, tenures = [PEOPLE_HEAD], [TENURE_HEAD]
        for i, code in enumerate(codes):
            area_create(code=code, name=f"Phường P{code}", level="commune", parent=province)
            people.append([f"CB{code}", f"Nguyễn Văn P{code}", "01/01/1980", "Nam", "Kinh", "", "", ""])
            tenures.append(
                [f"CB{code}", "", "", code, f"Đảng bộ phường P{code}", f"Ban Chấp hành Đảng bộ phường P{code}",
                 "Ủy viên Ban Chấp hành", "2025-2030", "01/07/2025", "", "Bầu"]
            )  # fmt: skip
            tenures.append(
                [f"CB{code}", "", "", code, f"UBND phường P{code}", "", "Phó Chủ tịch UBND phường", "",
                 f"0{1 + i % 9}/08/2025", "", "Bổ nhiệm"]
            )  # fmt: skip
        return xlsx({"Cán bộ": people, "Chức vụ": tenures})

    counts = []
    for codes in (["10001", "10002"], [f"2{i:04d}" for i in range(12)]):
        data = book(codes)
        with CaptureQueriesContext(connection) as queries:
            result = import_file(data=data, filename="n.xlsx")
        assert result.ok, result.errors
        counts.append(len(queries))
        n = len(codes)
        assert result.counts["Chức vụ"]["organizations"]["created"] == 2 * n
        assert result.counts["Chức vụ"]["posts"]["created"] == 2 * n
    assert counts[0] == counts[1]
    assert Organization.objects.count() == 28 and Body.objects.count() == 14 and Term.objects.count() == 14
    audited = AuditRecord.objects.filter(source="import", action="create")
    for label, model in (("organizations.organization", Organization), ("organizations.post", Post),
                         ("organizations.body", Body), ("organizations.term", Term)):  # fmt: skip
        assert audited.filter(model=label).count() == model.objects.count()
    org = Organization.objects.get(name="UBND phường P20003")
    assert org.search_key == "ubnd phuong p20003" and org.kind and org.area.code == "20003"


def test_cli_asks_for_create_structure(areas, tmp_path: Path):  # noqa: F811
    """The command creates new structure only with --create-structure, and near-duplicates only with
    --create-near-duplicates; without, it exits 2 naming what it would create and the flag."""
    path = tmp_path / "a.xlsx"
    path.write_bytes(good_book())
    out = io.StringIO()
    call_command("import", str(path), "--dry-run", stdout=out)  # a check lists what would be created
    assert "Hội LHPN phường Hàng Bạc" in out.getvalue() and "--create-structure" in out.getvalue()
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import", str(path), stdout=out)
    assert exit_.value.code == 2
    assert "chưa có trong" in out.getvalue() and "--create-structure" in out.getvalue()
    assert not Organization.objects.exists()
    call_command("import", str(path), "--create-structure", stdout=io.StringIO())
    assert Organization.objects.count() == 3
    near = tmp_path / "b.xlsx"
    near.write_bytes(_book(_tenure(WOMEN, "Chủ tịch")))
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import", str(near), "--create-structure", "--format", "json", stdout=out)
    assert "có phải" in json.loads(out.getvalue())["errors"][0]["message"]
    call_command("import", str(near), "--create-structure", "--create-near-duplicates", stdout=io.StringIO())
    assert Post.objects.filter(name="Chủ tịch", organization__name=WOMEN).exists()
    assert D(2023, 1, 1) == Tenure.objects.get(post__name="Chủ tịch").start_date


def _check(client: Any, name: str, data: bytes) -> tuple[ImportRecord, str]:
    """Upload a file on the site; the check's record and page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/imports/", {"file": SimpleUploadedFile(name, data)})
    state = client.get(response.url + "?format=json").json()
    record = ImportRecord.objects.get(pk=state["record"])
    return record, client.get(state["url"]).content.decode()


def _confirm(client: Any, record: ImportRecord, form: dict[str, Any]) -> tuple[ImportRecord, str]:
    response = client.post(f"/imports/{record.pk}/", form)
    state = client.get(response.url + "?format=json").json()
    return ImportRecord.objects.get(pk=state["record"]), client.get(state["url"]).content.decode()


@pytest.fixture
def officer(client: Any, django_user_model: Any) -> Any:
    client.force_login(national_user("canbo", password="x", is_staff=True))
    return client


def test_page_creates_new_structure_only_when_ticked(officer, areas):  # noqa: F811
    """The check lists the structure a first import would create with a box 'Tạo mới cơ cấu'; confirmed
    without it, the import stops naming each item; ticked, it imports and links what it created (the
    organizations to their page, the posts to the administration for an administrator, the people to their
    list)."""
    record, page = _check(officer, "a.xlsx", good_book())
    assert "Cơ cấu sẽ được tạo mới" in page and 'name="create_structure"' in page
    assert "Hội LHPN phường Hàng Bạc" in page and "Chủ tịch Hội LHPN phường" in page
    refused, page = _confirm(officer, record, {})
    assert refused.status == "refused" and not Organization.objects.exists()
    assert "chưa có trong" in page and "Tạo mới cơ cấu" in page
    record, _page = _check(officer, "a.xlsx", good_book())
    done, page = _confirm(officer, record, {"create_structure": "on"})
    assert done.status == "imported", done.errors
    post = Post.objects.get(name=CHAIR)
    assert f'href="/admin/organizations/post/{post.pk}/change/"' in page
    org = Organization.objects.get(name=WOMEN)  # organizations on the site, the rest in the admin (admins)
    assert f'href="{reverse("organization-detail", args=[org.pk])}"' in page
    assert f'href="{reverse("person-list")}"' in page


def test_page_asks_about_each_near_duplicate(officer, registered):
    """A near-duplicate is listed with the registered proposal and a box of its own; not ticked, the import
    stops with the error naming the proposal; ticked, the post is created beside the registered one."""
    record, page = _check(officer, "b.xlsx", _book(_tenure(WOMEN, "Chủ tịch")))
    assert "Gần trùng với cơ cấu đã có" in page
    assert f"có phải '{CHAIR}' không?" in page and 'name="confirm"' in page
    key = record.details["proposals"][0]["key"]
    refused, page = _confirm(officer, record, {"create_structure": "on"})
    assert refused.status == "refused"
    assert f"có phải &#x27;{CHAIR}&#x27; không? Nếu là chức vụ mới, chọn &#x27;Tạo mới cơ cấu&#x27;" in page
    assert not Post.objects.filter(name="Chủ tịch").exists()
    record, _page = _check(officer, "b.xlsx", _book(_tenure(WOMEN, "Chủ tịch")))
    done, page = _confirm(officer, record, {"confirm": key})
    assert done.status == "imported", done.errors
    post = Post.objects.get(name="Chủ tịch", organization__name=WOMEN)
    assert f'href="/admin/organizations/post/{post.pk}/change/"' in page


def test_structure_the_rules_refuse_is_an_error_on_its_row(registered, monkeypatch):
    """An item the entity's own rule refuses (through the bulk path) is an error on the first row naming
    it, in the column that names it; the file writes nothing."""
    from django.core.exceptions import ValidationError

    from nguon.organizations import services as org_services

    rule = org_services.posts_check

    def refusing(*, rows):
        errors = rule(rows=rows)
        for index, row in enumerate(rows):
            if row.name == "Ủy viên Ban Thường vụ":
                errors.setdefault(index, {}).setdefault("name", []).append(ValidationError("Tên bị từ chối"))
        return errors

    monkeypatch.setattr(org_services, "posts_check", refusing)
    posts = Post.objects.count()
    result = import_file(
        data=_book(_tenure(WOMEN, "Ủy viên Ban Thường vụ"), _tenure(WOMEN, "Phó Chủ tịch Hội LHPN phường")),
        filename="b.xlsx",
    )
    assert [(e.row, e.column, e.message) for e in result.errors] == [(2, "Chức danh", "Tên bị từ chối")]
    assert Post.objects.count() == posts
