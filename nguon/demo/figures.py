"""The article's figures: four indicators of the shipped catalogue, evaluated by the engine over the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.formats import format_date, format_int, format_percent
from nguon.indicators.choices import CountUnit, PopulationKind
from nguon.indicators.evaluation import Cell, evaluate
from nguon.indicators.models import Indicator

from .plan import PERIOD, REFERENCE

# figure key -> indicator code in nguon/indicators/catalogue.toml
ARTICLE_INDICATORS = {
    "grassroots_members": "grassroots-committee-women",
    "district_committee_women": "party-committee-women-district",
    "key_cadres_women": "district-key-cadres-women",
    "women_appointed": "key-appointments-women-wards-departments",
}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    definition: str
    result: Cell

    @property
    def text(self) -> str:
        """The figure as the review says it: "615 cấp ủy viên cơ sở, trong đó 205 nữ (33,3%)"."""
        return FIGURE_SENTENCES[self.key]() % {
            "total": format_int(self.result.denominator),
            "women": format_int(self.result.numerator),
            "share": format_percent(self.result.value),
        }


# How the review says each figure: the population counted, then the women among it.
FIGURE_SENTENCES = {
    "grassroots_members": lambda: _(
        "%(total)s grassroots party committee members, of whom %(women)s women (%(share)s)"
    ),
    "district_committee_women": lambda: _(
        "%(total)s members of the district party executive committee, of whom %(women)s women (%(share)s)"
    ),
    "key_cadres_women": lambda: _("%(total)s district key cadres, of whom %(women)s women (%(share)s)"),
    "women_appointed": lambda: _(
        "%(total)s people appointed or promoted to key posts of wards and departments,"
        " of whom %(women)s women (%(share)s)"
    ),
}


def article_figures(
    district: Area, at: dt.date = REFERENCE, period: tuple[dt.date, dt.date] = PERIOD
) -> list[Figure]:
    """The four figures of the 25/9/2020 review for ``district`` at ``at`` (entries counted over ``period``)."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=ARTICLE_INDICATORS.values())}
    cells = {
        c.indicator: c
        for c in evaluate(units=[district], at=at, indicators=list(indicators.values()), period=period)
    }
    figures = []
    for key, code in ARTICLE_INDICATORS.items():
        indicator = indicators[code]
        when = (
            _("from %(start)s to %(end)s") % {"start": format_date(period[0]), "end": format_date(period[1])}
            if indicator.population == PopulationKind.STARTED
            else _("on %(date)s") % {"date": format_date(at)}
        )
        unit = {
            CountUnit.PEOPLE: _("counted in people"),
            CountUnit.SEATS: _("counted in seats"),
            CountUnit.ORGANIZATIONS: _("counted in organizations"),
        }[CountUnit(indicator.unit)]
        what = (indicator.description or indicator.name).rstrip(".")
        definition = _("%(what)s. Scope: %(area)s, %(when)s; %(unit)s (indicator %(code)s).") % {
            "what": what,
            "area": district.name,
            "when": when,
            "unit": unit,
            "code": code,
        }
        figures.append(Figure(key, indicator.name, definition, cells[code]))
    return figures
