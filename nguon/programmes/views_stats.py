"""The statistics page of activities (issue 11 §5): activities by type × year and by unit × year,
participants by sex × age group, output totals — counts only, over the analysis area of the user's scope.

The view parses the filters (area, from/to dd/mm/yyyy, programme), calls ``nguon.programmes.statistics``
with ``request.scope`` and renders numbers in Vietnamese formats.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nguon.areas.choices import AreaLevel
from nguon.areas.models import Area
from nguon.core.access import scoped
from nguon.core.formats import format_int, format_number
from nguon.core.scope import Level, Scope
from nguon.people.filters import UserDateField
from nguon.people.forms import DateInput, style_fields

from . import selectors, statistics
from .choices import AgeGroup, Sex

#: beyond this many areas in the scope, the filter offers provinces and districts only
MAX_AREAS = 400


class StatisticsForm(forms.Form):
    area = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(gettext_lazy("area")), queryset=None, required=False, empty_label=gettext_lazy("(all)")
    )
    start = UserDateField(label=capfirst(gettext_lazy("from")), widget=DateInput(), required=False)
    end = UserDateField(label=capfirst(gettext_lazy("to")), widget=DateInput(), required=False)
    programme = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(gettext_lazy("programme")),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("(all)"),
    )

    def __init__(self, *args: Any, areas: Any, programmes: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined, no-any-return]


def scope_areas(scope: Scope) -> Any:
    """The areas of the scope's analysis area a user may filter by (provinces and districts only when
    there are too many)."""
    qs = Area.objects.filter(scope.areas_q(Level.ANALYSE)).order_by("path", "name", "id")
    if qs.count() > MAX_AREAS:
        qs = qs.exclude(level=AreaLevel.COMMUNE)
    return qs


def _quantity(o: statistics.OutputTotal) -> str:
    unit = "đồng" if o.is_money else o.unit  # the Vietnamese currency, in reports as in speech
    return f"{format_number(o.quantity)} {unit}"


@scoped(level=Level.ANALYSE)
def programme_statistics(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = StatisticsForm(
        request.GET or None,
        areas=scope_areas(scope),
        programmes=selectors.programme_list(scope=scope, level=Level.ANALYSE).order_by("-start_date", "id"),
    )
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        c = form.cleaned_data
        filters = {"area": c["area"], "start": c["start"], "end": c["end"], "programme": c["programme"]}
    acts = statistics.activity_counts(scope=scope, **filters)
    people = statistics.participant_counts(scope=scope, **filters)
    outputs = statistics.output_totals(scope=scope, **filters)
    sex_labels = dict(Sex.choices)
    return render(
        request,
        "programmes/statistics.html",
        {
            "form": style_fields(form),
            "years": acts.years,
            "total": format_int(acts.total),
            "by_year": [format_int(n) for n in acts.by_year],
            "types": [
                {
                    "name": t.name,
                    "is_group": t.is_group,
                    "counts": [format_int(n) for n in t.counts],
                    "total": format_int(t.total),
                }
                for t in acts.types
            ],
            "units": [
                {"name": u.name, "counts": [format_int(n) for n in u.counts], "total": format_int(u.total)}
                for u in acts.units
            ],
            "age_labels": [dict(AgeGroup.choices)[a] for a in people.age_groups],
            "sexes": [
                {
                    "label": sex_labels[r.sex],
                    "counts": [format_int(n) for n in r.counts],
                    "total": format_int(r.total),
                }
                for r in people.rows
            ],
            "by_age": [format_int(n) for n in people.by_age],
            "participants": format_int(people.total),
            "outputs": [
                {"name": o.name, "quantity": _quantity(o), "activities": format_int(o.activities)}
                for o in outputs
                if o.activities
            ],
        },
    )
