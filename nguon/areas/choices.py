from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nguon.core.labels import label


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune")


class AreaKind(models.TextChoices):
    """The unit type of an area (loại đơn vị hành chính), as the catalogue loaders code it in ``Area.kind``."""

    PROVINCE = "tinh", pgettext_lazy("area kind", "province")
    CENTRAL_CITY = "thanh_pho_tw", pgettext_lazy("area kind", "centrally governed city")
    URBAN_DISTRICT = "quan", pgettext_lazy("area kind", "urban district")
    RURAL_DISTRICT = "huyen", pgettext_lazy("area kind", "rural district")
    TOWN = "thi_xa", pgettext_lazy("area kind", "district-level town")
    CITY = "thanh_pho", pgettext_lazy("area kind", "provincial city")
    WARD = "phuong", pgettext_lazy("area kind", "ward")
    COMMUNE = "xa", pgettext_lazy("area kind", "commune")
    TOWNSHIP = "thi_tran", pgettext_lazy("area kind", "township")
    SPECIAL_ZONE = "dac_khu", pgettext_lazy("area kind", "special zone")


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("merge")
    SPLIT = "split", _("split")
    RENAME = "rename", _("rename")
    REPARENT = "reparent", _("re-parent")


def area_kind_label(kind: str) -> str:
    """The Vietnamese name of an area's unit type ("phuong" → "phường"); an unknown code is shown as is."""
    return label(AreaKind, kind)


def area_level_label(level: str) -> str:
    """The Vietnamese name of an area's level ("commune" → "xã/phường")."""
    return label(AreaLevel, level)
