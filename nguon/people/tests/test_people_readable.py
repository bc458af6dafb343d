"""people_readable answers as people_q does (a tenure in an organization of the scope, or the dossier kept by
one), from the ids asked."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.accounts.scope import scope_for
from nguon.core.scope import UNRESTRICTED, Level
from nguon.organizations import services as org_services
from nguon.people.selectors import people_readable, person_list
from nguon.people.tests.factories import PersonFactory
from nguon.programmes.tests.factories import small_world


@pytest.mark.django_db
def test_people_readable_is_people_q_for_the_ids() -> None:
    world = small_world()
    post = org_services.post_create(organization=world.b.women, name="Chủ tịch Hội LHPN phường")
    holder = PersonFactory(full_name="Đinh Thị Hoa", sex="F", birth_date=dt.date(1985, 2, 3))
    org_services.tenure_create(
        person=holder, post=post, start_date=dt.date(2020, 1, 1), start_reason="appointed"
    )
    kept = PersonFactory(
        full_name="Vi Thị Mai", sex="F", birth_date=dt.date(1990, 2, 3), dossier_organization=world.a.women
    )
    nobody = PersonFactory(full_name="Mạc Văn Tú", sex="M", birth_date=dt.date(1970, 2, 3))
    ids = [holder.pk, kept.pk, nobody.pk, 10**9]
    for user in (world.a.editor, world.b.editor):
        scope = scope_for(user)
        for level in (Level.ANALYSE, Level.VIEW, Level.EDIT):
            expected = set(
                person_list(scope=scope, level=level).filter(pk__in=ids).values_list("pk", flat=True)
            )
            assert people_readable(scope=scope, person_ids=ids, level=level) == expected
    assert people_readable(scope=scope_for(world.a.editor), person_ids=ids) == {kept.pk}
    assert people_readable(scope=scope_for(world.b.editor), person_ids=ids) == {holder.pk}
    assert people_readable(scope=UNRESTRICTED, person_ids=ids) == {holder.pk, kept.pk, nobody.pk}
