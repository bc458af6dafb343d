"""The forms of the report pages: what report to write (kind, area, period, programme or union, the document's
own lines), a template upload, a batch. They parse and show; the builders and services refuse (a
``ReportError`` goes back on its field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nguon.people.filters import UserDateField
from nguon.people.forms import DateInput

from .choices import ReportKind
from .params import ReportParams

#: the fields of a report request, in ReportParams' names (the preview, the downloads and the issue pass them
#: on as they are)
PARAM_FIELDS = (
    "kind",
    "area",
    "start",
    "end",
    "at",
    "programme",
    "organization",
    "number",
    "place",
    "issued_on",
    "signer",
    "signer_position",
    "on_behalf",
)
UNIONS = ("womens_union", "youth_union", "fatherland_front")


class ReportForm(forms.Form):
    """A report to write: the kind, the area (among the scope's), the period and the reference date, the
    programme (a programme review) or the union (an annual report), the number and the signature lines."""

    kind = forms.ChoiceField(label=capfirst(_("report kind")), choices=ReportKind.choices)
    area = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("area")), queryset=None, empty_label=_("(choose)")
    )
    start = UserDateField(label=capfirst(_("from")), widget=DateInput(), required=False)
    end = UserDateField(label=capfirst(_("to")), widget=DateInput(), required=False)
    at = UserDateField(label=capfirst(_("figures as of")), widget=DateInput(), required=False)
    programme = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("programme")),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
        help_text=_("For a programme review."),
    )
    organization = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("union")),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
        help_text=_("For an annual activity report."),
    )
    number = forms.CharField(
        label=capfirst(_("number and symbol")),
        max_length=100,
        required=False,
        help_text=_("Blank: left for the office to fill in."),
    )
    place = forms.CharField(label=capfirst(_("place on the date line")), max_length=100, required=False)
    issued_on = UserDateField(label=capfirst(_("date on the date line")), widget=DateInput(), required=False)
    on_behalf = forms.CharField(label=capfirst(_("on behalf of")), max_length=200, required=False)
    signer_position = forms.CharField(
        label=capfirst(_("position of the signer")), max_length=200, required=False
    )
    signer = forms.CharField(label=capfirst(_("signer")), max_length=200, required=False)

    def __init__(self, *args: Any, areas: Any, programmes: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["area"].label_from_instance = lambda a: str(a.name)  # type: ignore[attr-defined]
        self.fields["organization"].label_from_instance = lambda o: str(o.name)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end comes before the start."))
        return data

    def params(self) -> ReportParams:
        c = self.cleaned_data
        return ReportParams(
            kind=c["kind"],
            area=c["area"],
            start=c.get("start"),
            end=c.get("end"),
            at=c.get("at"),
            programme=c.get("programme"),
            organization=c.get("organization"),
            number=c.get("number", ""),
            place=c.get("place", ""),
            issued_on=c.get("issued_on"),
            signer=c.get("signer", ""),
            signer_position=c.get("signer_position", ""),
            on_behalf=c.get("on_behalf", ""),
        )


class TemplateUploadForm(forms.Form):
    """A Word template for one report kind (checked by the service before it is kept)."""

    kind = forms.ChoiceField(label=capfirst(_("report kind")), choices=ReportKind.choices)
    name = forms.CharField(label=capfirst(_("name")), max_length=200)
    file = forms.FileField(label=capfirst(_("Word file (.docx)")))


class BatchForm(forms.Form):
    """The reports of every unit of an area: the kind, the area and the period."""

    kind = forms.ChoiceField(label=capfirst(_("report kind")), choices=ReportKind.choices)
    area = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("area")), queryset=None, empty_label=_("(choose)")
    )
    start = UserDateField(label=capfirst(_("from")), widget=DateInput(), required=False)
    end = UserDateField(label=capfirst(_("to")), widget=DateInput(), required=False)
    at = UserDateField(label=capfirst(_("figures as of")), widget=DateInput(), required=False)

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["area"].label_from_instance = lambda a: str(a.name)  # type: ignore[attr-defined]

    def params(self) -> ReportParams:
        c = self.cleaned_data
        return ReportParams(
            kind=c["kind"], area=c["area"], start=c.get("start"), end=c.get("end"), at=c.get("at")
        )
