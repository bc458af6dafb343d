from django.db import models
from django.utils.translation import gettext_lazy as _


class ElectionKind(models.TextChoices):
    PARTY_CONGRESS = "party_congress", _("party congress")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council election")
    UNION_CONGRESS = "union_congress", _("union congress")
    OTHER = "other", _("other")


class ListStatus(models.TextChoices):
    """A candidate list from its preparation to the announced results."""

    DRAFT = "draft", _("being prepared")
    OFFICIAL = "official", _("official list")
    RESULTS = "results", _("results recorded")
