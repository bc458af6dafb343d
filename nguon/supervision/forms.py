"""Forms of the supervision pages: they parse and show, the services write (dates typed dd/mm/yyyy)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nguon.people.filters import UserDateField
from nguon.people.forms import DateInput

from .models import EventKind, MissionKind, MissionStatus


class MissionFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", "—"), *MissionKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", "—"), *MissionStatus.choices])
    organization = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=_("Organization"), required=False, queryset=None
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class MissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MissionKind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    lead = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=_("Lead organization"), queryset=None
    )
    participants = forms.ModelMultipleChoiceField(  # type: ignore[var-annotated]
        label=_("Participating organizations"), queryset=None, required=False
    )
    supervised = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=_("Supervised organization"), queryset=None, required=False
    )
    supervised_text = forms.CharField(label=_("Supervised body (outside the registry)"), required=False)
    notice_sent_on = UserDateField(label=_("Notice sent on"), required=False, widget=DateInput())
    start_date = UserDateField(label=capfirst(_("from")), widget=DateInput())
    end_date = UserDateField(label=capfirst(_("to")), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=MissionStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, leads: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads  # type: ignore[attr-defined]
        self.fields["participants"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["supervised"].queryset = organizations  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    date = UserDateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class ConclusionForm(forms.Form):
    concluded_on = UserDateField(label=_("Concluded on"), widget=DateInput())
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    addressee = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=_("Addressee"), queryset=None, required=False
    )
    addressee_text = forms.CharField(label=_("Addressee (outside the registry)"), required=False)
    sent_on = UserDateField(label=_("Sent on"), required=False, widget=DateInput())
    deadline = UserDateField(label=_("Deadline"), required=False, widget=DateInput())

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = organizations  # type: ignore[attr-defined]


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=EventKind.choices)
    date = UserDateField(label=_("Date"), widget=DateInput())
    document = forms.CharField(label=_("Document number"), required=False, max_length=100)
    note = forms.CharField(label=_("Note"), required=False)


class OverdueForm(forms.Form):
    at = UserDateField(label=_("At"), required=False, widget=DateInput())
