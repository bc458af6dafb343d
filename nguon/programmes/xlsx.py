"""The activities of a scope as an Excel file, in the columns of the import sheet 'Hoạt động' (so that the
file imports back): type group and kind, dates, area, organizer, co-organizers, audience, participants in
total and by sex (age groups when counted by age), outputs per kind, programme and goal. Counts only: the
named participants are never in it. The house format (``nguon.core.xlsx``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from nguon.core.exporters import XlsxExporter
from nguon.core.xlsx import Sheet
from nguon.exports.xlsx import kind_rows, sheet_columns

from .models import Activity
from .sheets import ACTIVITIES


class ActivitiesExporter(XlsxExporter):
    """The activities of ``activities`` (already filtered by the scope), one row each."""

    identifier = "hoat-dong"
    verbose_name = "Danh sách hoạt động"

    def __init__(self, *, activities: QuerySet[Activity]) -> None:
        self.activities = activities.select_related(
            "type__parent", "area", "organizer", "programme", "goal"
        ).prefetch_related("co_organizers", "counts", "outputs__kind")

    def sheets(self) -> Iterable[Sheet]:
        # the importer's sheet name, so that the file imports back
        yield Sheet(
            title=ACTIVITIES.title,
            columns=sheet_columns(ACTIVITIES),
            rows=list(kind_rows(ACTIVITIES, list(self.activities))),
        )

    def describe(self) -> str:
        return _("Activities to Excel")
