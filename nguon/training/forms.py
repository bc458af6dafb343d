"""The forms of the training pages: they parse and show, the services write.

Dates are typed dd/mm/yyyy; the services' refusals (``ValidationError`` by field) go back on the field they
concern (``people.forms.show_errors``), and a refused form keeps what was typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nguon.people.choices import Education, PoliticalTheory, StateManagement
from nguon.people.filters import UserDateField
from nguon.people.forms import DateInput
from nguon.people.models import Person

from .choices import CourseKind, Grants, Result
from .models import Course, Participation, Session


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A person of the scope, chosen by id (the page offers her through the name search)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.birth_display})"


def level_choices() -> list[tuple[str, Any]]:
    """The levels a course may give, grouped by qualification (the same code may appear in two groups: the
    service checks it against the qualification chosen)."""
    return [
        ("", _("(none)")),
        (str(Grants.EDUCATION.label), [c for c in Education.choices if c[0]]),
        (str(Grants.POLITICAL_THEORY.label), [c for c in PoliticalTheory.choices if c[0]]),
        (str(Grants.STATE_MANAGEMENT.label), [c for c in StateManagement.choices if c[0]]),
    ]


class CourseForm(forms.Form):
    """A course: who organizes it, what it trains, which qualification and level it gives."""

    model = Course
    organizer: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label=capfirst(_("organized by")), queryset=None, empty_label=_("(choose)")
    )
    name = forms.CharField(
        label=capfirst(_("name")),
        max_length=250,
        help_text=_("e.g. Trung cấp lý luận chính trị - hành chính"),
    )
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=[("", _("(choose)")), *CourseKind.choices])
    grants = forms.ChoiceField(
        label=capfirst(_("qualification it gives")), choices=Grants.choices, required=False
    )
    grants_level = forms.ChoiceField(label=capfirst(_("level it gives")), choices=(), required=False)
    provider = forms.CharField(
        label=capfirst(_("taught by")),
        max_length=250,
        required=False,
        help_text=_("e.g. Trường Chính trị Tô Hiệu"),
    )
    note = forms.CharField(label=capfirst(_("note")), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, organizers: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = organizers  # type: ignore[attr-defined]
        self.fields["grants_level"].choices = level_choices()  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    """A class (session) of a course."""

    model = Session
    name = forms.CharField(label=capfirst(_("name")), max_length=250, help_text=_("e.g. Lớp K12 (2020–2021)"))
    start_date = UserDateField(label=capfirst(_("from")), widget=DateInput())
    end_date = UserDateField(label=capfirst(_("to")), required=False, widget=DateInput())
    place = forms.CharField(label=capfirst(_("place")), max_length=250, required=False)


class ResultForm(forms.Form):
    """A participant's result, completion date and certificate."""

    model = Participation
    result = forms.ChoiceField(label=capfirst(_("result")), choices=Result.choices)
    completed_on = UserDateField(
        label=capfirst(_("completed on")),
        required=False,
        widget=DateInput(),
        help_text=_("Left empty for a completed class: its last day."),
    )
    certificate = forms.CharField(label=capfirst(_("certificate number")), max_length=100, required=False)
    certificate_date = UserDateField(
        label=capfirst(_("certificate date")), required=False, widget=DateInput()
    )
    note = forms.CharField(label=capfirst(_("note")), required=False, widget=forms.Textarea({"rows": 2}))


class ParticipantAddForm(ResultForm):
    """Add a person of the scope to a class, with her result when known."""

    person = PersonChoiceField(
        label=capfirst(_("person")),
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": _("Find the person by name and choose her or him.")},
    )
    field_order = ["person", "result", "completed_on", "certificate", "certificate_date", "note"]

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class TrainingFilterForm(forms.Form):
    """The filters of the list: kind of course, year, organizer."""

    kind = forms.ChoiceField(
        label=capfirst(_("kind")), choices=[("", _("(all)")), *CourseKind.choices], required=False
    )
    year = forms.IntegerField(label=capfirst(_("year")), min_value=1945, max_value=2100, required=False)
    organizer: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label=capfirst(_("organized by")), queryset=None, required=False, empty_label=_("(all)")
    )

    def __init__(self, *args: Any, organizers: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = organizers  # type: ignore[attr-defined]
