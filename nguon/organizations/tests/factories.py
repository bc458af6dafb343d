import datetime as dt

import factory

from nguon.areas.tests.factories import AreaFactory
from nguon.organizations import services


class OrganizationFactory(factory.Factory):
    class Meta:
        model = dict

    name = factory.Sequence(lambda n: f"Đảng bộ phường Thử {n}")
    kind = "grassroots_party"
    area = factory.LazyFunction(lambda: AreaFactory())

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.organization_create(**kwargs)


def committee(
    org=None, *, kind: str = "executive_committee", start=dt.date(2020, 5, 1), end=dt.date(2025, 6, 30)
):
    """An executive committee with one term and its member post."""
    org = org or OrganizationFactory()
    body = services.body_create(organization=org, kind=kind, name=f"Ban Chấp hành {org.name}")
    term = services.term_create(body=body, name="2020–2025", start_date=start, end_date=end)
    post = services.post_create(organization=org, name="Ủy viên Ban Chấp hành", body=body)
    return org, body, term, post
