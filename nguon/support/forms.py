"""Forms of the support pages: the list's filters, a case, one support given."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import CaseKind, SupportKind

STATUS = [("", _("(all)")), ("open", _("open")), ("closed", _("closed"))]


class SupportFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=capfirst(_("kind")), choices=[("", _("(all)")), *CaseKind.choices], required=False
    )
    year = forms.IntegerField(label=capfirst(_("year")), min_value=1945, max_value=2100, required=False)
    status = forms.ChoiceField(label=capfirst(_("status")), choices=STATUS, required=False)


class CaseForm(forms.Form):
    person: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label=capfirst(_("person")), queryset=None
    )
    organization: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label=capfirst(_("kept by")), queryset=None
    )
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=CaseKind.choices)
    opened_on = forms.DateField(label=capfirst(_("opened on")))
    closed_on = forms.DateField(label=capfirst(_("closed on")), required=False)
    summary = forms.CharField(label=capfirst(_("summary")), max_length=250)
    note = forms.CharField(
        label=capfirst(_("note")), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self, *args: Any, people: QuerySet[Any], organizations: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class SupportForm(forms.Form):
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=SupportKind.choices)
    given_on = forms.DateField(label=capfirst(_("given on")))
    amount = forms.IntegerField(label=capfirst(_("amount (đồng)")), required=False)
    given_by: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label=capfirst(_("given by")), queryset=None, required=False
    )
    note = forms.CharField(
        label=capfirst(_("note")), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, organizations: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = organizations  # type: ignore[attr-defined]
