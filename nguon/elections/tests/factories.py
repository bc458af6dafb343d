"""Factories of candidate lists, through the services (so every row is written as in production).

``people_council(org=None)`` is a People's Council body of an organization (a new ward's unless given) with
its 2021–2026 term and member seat; ``list_of(n_women, n_men, ...)`` a list on it with its candidates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nguon.organizations import services as org_services
from nguon.organizations.tests.factories import OrganizationFactory
from nguon.people.services import person_create

from .. import services

_n = iter(range(1, 10**9))


def council(
    org: Any = None, *, start: dt.date = dt.date(2021, 6, 25), end: dt.date | None = dt.date(2026, 6, 30)
):
    """A People's Council body of ``org`` (a new one unless given), its 2021–2026 term and its member seat."""
    org = org or OrganizationFactory(kind="peoples_council", name=f"HĐND phường Thử {next(_n)}")
    body = org_services.body_create(organization=org, kind="council", name=f"HĐND {org.name}")
    term = org_services.term_create(body=body, name="2021–2026", start_date=start, end_date=end)
    post = org_services.post_create(organization=org, name="Đại biểu HĐND", body=body)
    return org, body, term, post


def person(sex: str = "F", born: dt.date = dt.date(1980, 5, 17), name: str | None = None, **kw: Any) -> Any:
    default = "Nguyễn Thị Hoa" if sex == "F" else "Trần Văn Nam"
    return person_create(full_name=name or f"{default} {next(_n)}", sex=sex, birth_date=born, **kw)


def list_of(
    n_women: int = 2,
    n_men: int = 3,
    *,
    seats: int = 3,
    kind: str = "peoples_council",
    term: Any = None,
    post: Any = None,
    election_date: dt.date = dt.date(2021, 5, 23),
    **kw: Any,
) -> Any:
    """A list with ``n_women`` women then ``n_men`` men (new people, born 1980)."""
    if term is None:
        _org, _body, term, post = council()
    cl = services.candidate_list_create(
        term=term,
        post=post,
        kind=kind,
        name=kw.pop("name", f"Đơn vị bầu cử số {next(_n)}"),
        election_date=election_date,
        seats=seats,
        **kw,
    )
    for sex in ["F"] * n_women + ["M"] * n_men:
        services.candidacy_add(candidate_list=cl, person=person(sex))
    return cl
