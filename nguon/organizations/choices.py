from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    PARTY = "party", _("party organization")
    GRASSROOTS_PARTY = "grassroots_party", _("grassroots party organization")
    PEOPLES_COUNCIL = "peoples_council", _("people's council")
    PEOPLES_COMMITTEE = "peoples_committee", _("people's committee")
    FATHERLAND_FRONT = "fatherland_front", _("fatherland front")
    WOMENS_UNION = "womens_union", _("women's union")
    YOUTH_UNION = "youth_union", _("youth union")
    DEPARTMENT = "department", _("department")
    OTHER = "other", _("other")


class GrassrootsSector(models.TextChoices):
    """Where a grassroots party organization sits (tổ chức cơ sở đảng của phường / cơ quan / doanh nghiệp)."""

    NONE = "", _("—")
    WARD = "ward", _("ward or commune")
    AGENCY = "agency", _("agency")
    ENTERPRISE = "enterprise", _("enterprise")
    SCHOOL = "school", _("school or hospital")
    ARMED_FORCES = "armed_forces", _("police or military")


class BodyKind(models.TextChoices):
    EXECUTIVE_COMMITTEE = "executive_committee", _("executive committee")
    STANDING_COMMITTEE = "standing_committee", _("standing committee")
    COUNCIL = "council", _("council")
    COMMITTEE = "committee", _("committee")
    UNION_EXECUTIVE_COMMITTEE = "union_executive_committee", _("union executive committee")
    UNION_STANDING_COMMITTEE = "union_standing_committee", _("union standing committee")


class TenureStart(models.TextChoices):
    ELECTED = "elected", _("elected")
    APPOINTED = "appointed", _("appointed")
    DESIGNATED = "designated", _("designated")
    PROMOTED = "promoted", _("promoted")
    ROTATED = "rotated", _("rotated")
    TRANSFERRED = "transferred", _("transferred")


class TenureEnd(models.TextChoices):
    NONE = "", _("—")
    TERM_ENDED = "term_ended", _("term ended")
    PROMOTED = "promoted", _("promoted")
    ROTATED = "rotated", _("rotated")
    TRANSFERRED = "transferred", _("transferred")
    RETIRED = "retired", _("retired")
    RESIGNED = "resigned", _("resigned")
    DISMISSED = "dismissed", _("dismissed")
    REORGANIZED = "reorganized", _("reorganized")
    DECEASED = "deceased", _("deceased")


class TermFormation(models.TextChoices):
    """How a body's term was formed: elected (bầu) or appointed by the level above (chỉ định), as the
    committees of the new communes were on 30/6/2025."""

    ELECTED = "elected", _("elected")
    APPOINTED = "appointed", _("appointed")
