"""Writing a plan into the registry through the same services the web, API and importer use.

The tables are analyzed after each phase (``nguon.core.db.analyze``): the services' checks and the
figures computed right after read what was just written, and statistics taken over the rows of an earlier,
rolled-back run would have the planner take those tables for empty.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.db import transaction

from nguon.areas.selectors import area_get_by_code
from nguon.core.audit import Actor
from nguon.core.db import analyze
from nguon.organizations import services as org_services
from nguon.organizations.models import Body, Organization, Post, Tenure, Term
from nguon.people.choices import BirthDatePrecision, Education, PoliticalTheory
from nguon.people.models import Person
from nguon.people.services import person_create

from .names import vietnamese_name
from .plan import PBody, Plan, POrg, PPerson, PPost, PTerm

SOURCE = "demo"
ETHNIC_MINORITIES = ["Tày", "Mường", "Thái", "Nùng", "Hoa"]


def _person_fields(seed: int, p: PPerson) -> dict[str, object]:
    rng = random.Random(seed * 7919 + p.id)
    leader = p.role == "leader"
    return {
        "full_name": vietnamese_name(rng, p.sex or "M"),
        "sex": p.sex,
        "birth_date": p.birth,
        "birth_date_precision": BirthDatePrecision.YEAR if p.year_only else BirthDatePrecision.DAY,
        "ethnicity": "Kinh" if rng.random() < 0.96 else rng.choice(ETHNIC_MINORITIES),
        "education": rng.choices(
            [Education.BACHELOR, Education.MASTER, Education.DOCTOR, Education.COLLEGE],
            [60, 33 if leader else 15, 2, 5],
        )[0],
        "political_theory": rng.choices(
            [PoliticalTheory.ADVANCED, PoliticalTheory.INTERMEDIATE, PoliticalTheory.ELEMENTARY],
            [40, 55, 5] if leader else [5, 45, 50],
        )[0],
        "party_admission_date": dt.date(
            p.birth.year + rng.randint(22, 30), rng.randint(1, 12), rng.randint(1, 28)
        ),
    }


@transaction.atomic
def plan_write(
    plan: Plan, *, acting_user: Actor = None, progress: Callable[[int, int], None] | None = None
) -> None:
    """Create every organization, body, term, post, person and tenure of the plan."""
    orgs: dict[int, Organization] = {}
    bodies: dict[int, Body] = {}
    terms: dict[int, Term] = {}
    posts: dict[int, Post] = {}
    people: dict[int, Person] = {}

    def org(o: POrg) -> Organization:
        if id(o) not in orgs:
            orgs[id(o)] = org_services.organization_create(
                name=o.name,
                kind=o.kind,
                area=area_get_by_code(code=o.area_code, at=o.area_at),
                parent=org(o.parent) if o.parent and o.parent.name else None,
                sector=o.sector,
                valid_from=o.valid_from,
                valid_to=o.valid_to,
                acting_user=acting_user,
                source=SOURCE,
            )
        return orgs[id(o)]

    def body(b: PBody) -> Body:
        if id(b) not in bodies:
            bodies[id(b)] = org_services.body_create(
                organization=org(b.org), kind=b.kind, name=b.name, acting_user=acting_user, source=SOURCE
            )
        return bodies[id(b)]

    def term(t: PTerm) -> Term:
        if id(t) not in terms:
            terms[id(t)] = org_services.term_create(
                body=body(t.body),
                name=t.name,
                start_date=t.start,
                end_date=t.end,
                acting_user=acting_user,
                source=SOURCE,
            )
        return terms[id(t)]

    def post(p: PPost) -> Post:
        if id(p) not in posts:
            posts[id(p)] = org_services.post_create(
                organization=org(p.org),
                name=p.name,
                body=body(p.body) if p.body else None,
                rank=p.rank,
                is_key=p.is_key,
                is_leader=p.is_leader,
                acting_user=acting_user,
                source=SOURCE,
            )
        return posts[id(p)]

    for o in plan.orgs:
        org(o)
    for pt in plan.terms:
        term(pt)
    for pp in plan.posts:
        post(pp)
    analyze(Organization, Body, Term, Post)
    # The dossier (hồ sơ) is kept by the organization of the person's latest post.
    dossier: dict[int, POrg] = {}
    for t in sorted(plan.tenures, key=lambda t: t.start):
        dossier[t.person.id] = t.post.org
    for person in plan.people:
        fields: dict[str, Any] = _person_fields(plan.seed, person)
        if person.id in dossier:
            fields["dossier_organization"] = org(dossier[person.id])
        people[person.id] = person_create(acting_user=acting_user, source=SOURCE, **fields)
    analyze(Person)
    total = len(plan.tenures)
    for i, tenure in enumerate(sorted(plan.tenures, key=lambda t: (t.start, t.person.id)), 1):
        org_services.tenure_create(
            person=people[tenure.person.id],
            post=post(tenure.post),
            term=term(tenure.term) if tenure.term else None,
            start_date=tenure.start,
            end_date=tenure.end,
            start_reason=tenure.start_reason,
            end_reason=tenure.end_reason,
            start_decision=tenure.decision,
            start_decision_date=tenure.start - dt.timedelta(days=3) if tenure.decision else None,
            acting_user=acting_user,
            source=SOURCE,
        )
        if progress and (i % 250 == 0 or i == total):
            progress(i, total)
    analyze(Tenure)
