import datetime as dt

import factory

from nguon.areas.services import area_create


class AreaFactory(factory.Factory):
    """Areas through the service, so paths and search keys are derived as in production."""

    class Meta:
        model = dict

    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Phường Thử {n}")
    level = "commune"
    kind = "phuong"
    parent = None
    valid_from = None
    valid_to = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return area_create(**kwargs)


def district_with_wards(n: int = 2, valid_to: dt.date | None = None):
    district = AreaFactory(code="002", name="Quận Thử", level="district", kind="quan", valid_to=valid_to)
    wards = [AreaFactory(parent=district, valid_to=valid_to) for _ in range(n)]
    return district, wards
