"""The filters of people and tenures: one FilterSet per model for the pages and the API (NetBox's pattern).

Both run on a queryset that already went through the scope (``people.selectors.person_list(scope=...)``,
``organizations.selectors.tenure_list(scope=...)``): they narrow what the user may see, never widen it.

Every condition on people's tenures is ONE ``EXISTS`` subquery on the same tenure (no join, no DISTINCT, so
100.000 people stay cheap): "organization kind = women's union, key post, held on the date" finds the people
holding a key post of a women's union on that date, not people who once held a key post somewhere and are
members of a union elsewhere. Without "held on the date", the tenure conditions match any tenure, past or
present.

The date of the age bands and of "held on the date" is the parameter ``at`` (dd/mm/yyyy or ISO), else the
request's date (``request.at``, the "tại ngày" of the page), else today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nguon.core.dates import parse_user_date
from nguon.core.text import fold

from .choices import Sex
from .models import Person


def _years_before(at: dt.date, years: int) -> dt.date:
    """The same day ``years`` years before ``at`` (29 February → 28 February in a common year)."""
    try:
        return at.replace(year=at.year - years)
    except ValueError:
        return at.replace(year=at.year - years, day=28)


#: Age bands at the date: code → (label, lowest age, age no longer in the band).
AGE_BANDS: dict[str, tuple[Any, int | None, int | None]] = {
    "lt30": (_("under 30"), None, 30),
    "30-34": (_("30 to 34"), 30, 35),
    "35-44": (_("35 to 44"), 35, 45),
    "45-59": (_("45 to 59"), 45, 60),
    "60+": (_("60 and over"), 60, None),
}


def age_band_q(band: str, at: dt.date, prefix: str = "") -> Q:
    """People (through ``prefix``) whose full years on ``at`` lie in ``band``: born after the day ``hi``
    years before ``at`` and on or before the day ``lo`` years before it (birth dates compare, no age is
    computed per row, so the birth-date index serves)."""
    _label, lo, hi = AGE_BANDS[band]
    q = Q()
    if lo is not None:
        q &= Q(**{f"{prefix}birth_date__lte": _years_before(at, lo)})
    if hi is not None:
        q &= Q(**{f"{prefix}birth_date__gt": _years_before(at, hi)})
    return q


class UserDateField(forms.CharField):
    """A date typed as officers write it (dd/mm/yyyy, d/m/yyyy, dd.mm.yyyy, ISO), with a Vietnamese error."""

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        if isinstance(value, dt.date):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_user_date(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class UserDateFilter(filters.Filter):  # type: ignore[misc]
    field_class = UserDateField


class _DatedFilterSet(filters.FilterSet):  # type: ignore[misc]
    """A FilterSet with a date: ``at`` if given, else ``request.at``, else today."""

    at = UserDateFilter(label=_("on date"), method="_keep")

    @property
    def at_date(self) -> dt.date:
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("at"):
            at: dt.date = self.form.cleaned_data["at"]
            return at
        from_request = getattr(self.request, "at", None)
        if isinstance(from_request, dt.date):
            return from_request
        return timezone.localdate()

    def _keep(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset  # the date is read by the other filters, it narrows nothing by itself


def _tenure_model() -> Any:
    from nguon.organizations.models import Tenure  # organizations depends on people, not the other way

    return Tenure


def _choices(name: str) -> Any:
    def load() -> Any:
        from nguon.organizations import choices

        return [(v, lbl) for v, lbl in getattr(choices, name).choices if v]

    return load


class PersonFilterSet(_DatedFilterSet):
    """Search and filters of people (the people page and ``/api/people``)."""

    q = filters.CharFilter(label=_("name"), method="filter_q")
    sex = filters.ChoiceFilter(label=_("sex"), choices=Sex.choices, empty_label=_("all"))
    age = filters.ChoiceFilter(
        label=_("age at the date"),
        choices=[(code, band[0]) for code, band in AGE_BANDS.items()],
        method="filter_age",
        empty_label=_("all"),
    )
    organization_kind = filters.ChoiceFilter(
        label=_("organization kind"),
        choices=_choices("OrganizationKind"),
        method="filter_tenure",
        empty_label=_("all"),
    )
    body_kind = filters.ChoiceFilter(
        label=_("body kind"), choices=_choices("BodyKind"), method="filter_tenure", empty_label=_("all")
    )
    organization = filters.NumberFilter(label=_("organization"), method="filter_tenure")
    key_post = filters.BooleanFilter(label=_("key post"), method="filter_tenure", widget=forms.CheckboxInput)
    held = filters.BooleanFilter(
        label=_("holds a post on the date"), method="filter_tenure", widget=forms.CheckboxInput
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        """Every word of the query, folded ("hoang" finds "Hoàng"), in the folded name."""
        for word in fold(value or "").split():
            queryset = queryset.filter(search_key__contains=word)
        return queryset

    def filter_age(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(age_band_q(value, self.at_date)) if value in AGE_BANDS else queryset

    def filter_tenure(self, queryset: QuerySet[Person], name: str, value: Any) -> QuerySet[Person]:
        # Each tenure filter is applied once, together, in ``filter_queryset`` (one EXISTS for all).
        return queryset

    def tenure_conditions(self) -> Q | None:
        """The conditions on one tenure of the person, or None when no tenure filter is set."""
        data = self.form.cleaned_data
        q = Q()
        used = False
        if data.get("organization_kind"):
            q &= Q(post__organization__kind=data["organization_kind"])
            used = True
        if data.get("body_kind"):
            q &= Q(post__body__kind=data["body_kind"])
            used = True
        if data.get("organization"):
            q &= Q(post__organization_id=int(data["organization"]))
            used = True
        if data.get("key_post"):
            q &= Q(post__is_key=True)
            used = True
        if data.get("held"):
            from nguon.core.intervals import active_q

            q &= active_q(self.at_date)
            used = True
        return q if used else None

    def filter_queryset(self, queryset: QuerySet[Person]) -> QuerySet[Person]:
        queryset = super().filter_queryset(queryset)
        conditions = self.tenure_conditions()
        if conditions is not None:
            tenures = _tenure_model().objects.filter(conditions, person_id=OuterRef("pk"))
            queryset = queryset.filter(Exists(tenures))
        return queryset


class TenureFilterSet(_DatedFilterSet):
    """Filters of tenures (``/api/tenures``): person, organization, area (its code, with its subtree), held
    on the date, key post."""

    person = filters.NumberFilter(label=_("person"), field_name="person_id")
    organization = filters.NumberFilter(label=_("organization"), field_name="post__organization_id")
    area = filters.CharFilter(label=_("area code"), method="filter_area")
    held = filters.BooleanFilter(label=_("held on the date"), method="filter_held")
    is_key = filters.BooleanFilter(label=_("key post"), field_name="post__is_key")

    # No Meta.model: Tenure lives in organizations, which imports people; the caller gives the queryset.

    def filter_area(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Tenures in organizations of the areas of this code and their subtrees."""
        from nguon.areas.models import Area

        paths = list(Area.objects.filter(code=value.strip()).values_list("path", flat=True))
        q = Q()
        for p in paths:
            q |= Q(post__organization__area__path__startswith=p)
        return queryset.filter(q) if paths else queryset.none()

    def filter_held(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if not value:
            return queryset
        from nguon.core.intervals import active_q

        return queryset.filter(active_q(self.at_date))
