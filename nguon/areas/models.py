"""Administrative areas over time (đơn vị hành chính) and the events that merge, split, rename and move them."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from nguon.core.intervals import active_q
from nguon.core.services import Errors, check_dates, raise_errors

from .choices import AreaLevel, SuccessionKind


class AreaQuerySet(models.QuerySet["Area"]):
    def valid_on(self, at: dt.date) -> AreaQuerySet:
        """Areas that exist on ``at`` (closed interval; an unknown start means "since before the catalogue")."""
        return self.filter(active_q(at, "valid_from", "valid_to", start_nullable=True))

    def subtree(self, area: Area) -> AreaQuerySet:
        """``area`` and every area below it (by the materialised path)."""
        return self.filter(path__startswith=area.path)


class Area(models.Model):
    """An administrative unit (đơn vị hành chính) as it was over one interval of validity.

    Official codes are reused across the 2025 reform (ward 00070 was Hàng Trống until 30/6/2025 and is
    phường Hoàn Kiếm from 1/7/2025), so an area is identified by its code *and* its validity. A row's parent
    never changes: moving an area under another parent ends the row and starts a new one, linked by a
    re-parent event. ``path`` ("/12/345/") makes subtree queries one indexed prefix match.
    """

    code = models.CharField(_("code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=200, help_text=_('With its type, e.g. "Phường Hàng Bạc".'))
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    kind = models.CharField(_("unit type"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=100, blank=True, db_index=True, editable=False)
    search_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="area_valid_to_after_from",
            ),
            models.UniqueConstraint(fields=["code", "valid_from"], name="area_code_valid_from_unique"),
        ]
        indexes = [models.Index(fields=["code", "valid_from", "valid_to"], name="area_code_validity")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        errors: Errors = {}
        check_dates(errors, self.valid_from, self.valid_to, "valid_to")
        raise_errors(errors)

    def is_valid_on(self, at: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= at) and (
            self.valid_to is None or at <= self.valid_to
        )


class SuccessionEvent(models.Model):
    """A dated change of the map (sáp nhập, chia tách, đổi tên, điều chỉnh địa giới): who became whom."""

    kind = models.CharField(_("kind"), max_length=10, choices=SuccessionKind.choices)
    date = models.DateField(_("effective date"), db_index=True)
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("succession event")
        verbose_name_plural = _("succession events")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class SuccessionLink(models.Model):
    """One predecessor → successor arrow of an event, with the share of the predecessor it carries when known."""

    event = models.ForeignKey(
        SuccessionEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="links"
    )
    predecessor = models.ForeignKey(
        Area, verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Area, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    share = models.DecimalField(
        _("share"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Part of the predecessor (0–1) that went to this successor, when known."),
    )

    class Meta:
        verbose_name = _("succession link")
        verbose_name_plural = _("succession links")
        ordering = ["event_id", "predecessor_id", "successor_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "predecessor", "successor"], name="succession_link_unique"
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gt=0) & Q(share__lte=1)),
                name="succession_share_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
