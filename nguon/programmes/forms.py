"""The forms of the programmes' pages: they parse and show, the services write and refuse.

Dates are typed dd/mm/yyyy; a refusal of ``services.activity_check`` goes back on the field it concerns and
the form keeps what was typed (files cannot be kept by a browser: the page asks to choose them again).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nguon.people.filters import UserDateField
from nguon.people.forms import DateInput

from .choices import AgeGroup, Audience, ParticipantMode, Sex


class TypeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A kind of activity, offered grouped by its group (optgroups)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def grouped(self) -> list[tuple[Any, Any]]:
        groups: dict[str, list[tuple[Any, str]]] = {}
        for t in self.queryset or ():
            if t.parent_id is None:
                continue
            groups.setdefault(t.parent.name, []).append((t.pk, t.name))
        return [("", _("(choose)")), *groups.items()]


def count_field_name(sex: str, age: str) -> str:
    return f"count_{sex}_{age}"


class ActivityForm(forms.Form):
    """An activity: what, when, where, who organized it, who came, what it produced."""

    title = forms.CharField(label=capfirst(_("title")), max_length=250)
    type = TypeChoiceField(label=capfirst(_("type")), queryset=None)
    programme = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("programme")), queryset=None, required=False, empty_label=_("(none)")
    )
    goal = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("goal")), queryset=None, required=False, empty_label=_("(none)")
    )
    start_date = UserDateField(label=capfirst(_("from")), widget=DateInput())
    end_date = UserDateField(label=capfirst(_("to")), widget=DateInput(), required=False)
    area = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("place (area)")), queryset=None, empty_label=_("(choose)")
    )
    place = forms.CharField(label=capfirst(_("place")), max_length=250, required=False)
    organizer = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("organized by")), queryset=None, empty_label=_("(choose)")
    )
    co_organizers = forms.ModelMultipleChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("co-organized by")), queryset=None, required=False
    )
    audience = forms.ChoiceField(
        label=capfirst(_("audience")), choices=[("", _("(none)")), *Audience.choices], required=False
    )
    participant_mode = forms.ChoiceField(
        label=capfirst(_("participants recorded")),
        choices=ParticipantMode.choices,
        initial=ParticipantMode.COUNTED,
    )
    participants = forms.IntegerField(label=capfirst(_("number of participants")), required=False)
    people = forms.ModelMultipleChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("participants by name")), queryset=None, required=False
    )
    description = forms.CharField(label=capfirst(_("description")), widget=forms.Textarea, required=False)

    def __init__(
        self,
        *args: Any,
        types: Any,
        programmes: Any,
        goals: Any,
        areas: Any,
        organizers: Any,
        co_organizers: Any,
        people: Any,
        output_kinds: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = types  # type: ignore[attr-defined]
        self.fields["type"].choices = self.fields["type"].grouped()  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["organizer"].queryset = organizers  # type: ignore[attr-defined]
        self.fields["co_organizers"].queryset = co_organizers  # type: ignore[attr-defined]
        self.fields["co_organizers"].widget.attrs["size"] = 4
        self.fields["people"].queryset = people  # type: ignore[attr-defined]
        self.fields["people"].widget.attrs["size"] = 4
        self.count_names: list[tuple[str, list[str]]] = []
        for sex, _sex_label in Sex.choices:
            row = []
            for age, _age_label in AgeGroup.choices:
                name = count_field_name(sex, age)
                self.fields[name] = forms.IntegerField(required=False, widget=forms.NumberInput())
                row.append(name)
            self.count_names.append((sex, row))
        self.output_names: list[tuple[Any, str]] = []
        for kind in output_kinds:
            name = f"output_{kind.code}"
            self.fields[name] = forms.DecimalField(
                label=f"{kind.name} ({kind.unit})", required=False, decimal_places=2, max_digits=16
            )
            self.output_names.append((kind, name))

    def counts(self) -> dict[tuple[str, str], int]:
        found = {}
        for sex, names in self.count_names:
            for name in names:
                value = self.cleaned_data.get(name)
                if value is not None:
                    found[(sex, name.split("_", 2)[2])] = value
        return found

    def outputs(self) -> dict[Any, Any]:
        return {
            kind: self.cleaned_data[name]
            for kind, name in self.output_names
            if self.cleaned_data.get(name) is not None
        }


class QuickActivityForm(forms.Form):
    """The few fields an officer fills on the spot, on her phone."""

    type = TypeChoiceField(label=capfirst(_("type")), queryset=None)
    start_date = UserDateField(label=capfirst(_("date")), widget=DateInput())
    area = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("place (area)")), queryset=None, empty_label=_("(choose)")
    )
    organizer = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("organized by")), queryset=None, empty_label=_("(choose)")
    )
    title = forms.CharField(
        label=capfirst(_("title")),
        max_length=250,
        required=False,
        help_text=_("Left empty: the type and the place."),
    )
    participants = forms.IntegerField(label=capfirst(_("number of participants")), required=False)
    female = forms.IntegerField(label=capfirst(_("of whom women")), required=False)
    output_kind = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("result")), queryset=None, required=False, empty_label=_("(none)")
    )
    output_quantity = forms.DecimalField(
        label=capfirst(_("quantity")), required=False, decimal_places=2, max_digits=16
    )
    programme = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("programme")), queryset=None, required=False, empty_label=_("(none)")
    )

    def __init__(
        self,
        *args: Any,
        types: Any,
        areas: Any,
        organizers: Any,
        output_kinds: Any,
        programmes: Any,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["type"].queryset = types  # type: ignore[attr-defined]
        self.fields["type"].choices = self.fields["type"].grouped()  # type: ignore[attr-defined]
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["organizer"].queryset = organizers  # type: ignore[attr-defined]
        self.fields["output_kind"].queryset = output_kinds  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        for name in ("participants", "female", "output_quantity"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"


class ActivityFilterForm(forms.Form):
    programme = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("programme")), queryset=None, required=False, empty_label=_("(all)")
    )
    type = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("type")), queryset=None, required=False, empty_label=_("(all)")
    )
    year = forms.IntegerField(label=capfirst(_("year")), required=False, min_value=1945, max_value=2100)
    organizer = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("organized by")), queryset=None, required=False, empty_label=_("(all)")
    )
    area = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("place (area)")), queryset=None, required=False, empty_label=_("(all)")
    )
    q = forms.CharField(label=capfirst(_("text")), required=False, max_length=100)

    def __init__(
        self, *args: Any, programmes: Any, types: Any, organizers: Any, areas: Any, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["type"].queryset = types  # type: ignore[attr-defined]
        self.fields["type"].label_from_instance = lambda t: (  # type: ignore[attr-defined]
            f"— {t.name}" if t.parent_id else t.name
        )
        self.fields["organizer"].queryset = organizers  # type: ignore[attr-defined]
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    at = UserDateField(label=capfirst(_("as of")), widget=DateInput(), required=False)


# --- programmes, goals, yearly plans ------------------------------------------------------------------------
class ProgrammeForm(forms.Form):
    """A joint programme: what, when, where it applies, who signed it (on add only: the parties are fixed
    afterwards)."""

    title = forms.CharField(label=capfirst(_("title")), max_length=250)
    number = forms.CharField(label=capfirst(_("number")), max_length=100, required=False)
    signed_on = UserDateField(label=capfirst(_("signed on")), widget=DateInput(), required=False)
    start_date = UserDateField(label=capfirst(_("from")), widget=DateInput())
    end_date = UserDateField(label=capfirst(_("to")), widget=DateInput())
    area = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("applies to (area)")), queryset=None, empty_label=_("(choose)")
    )
    lead = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("lead organization")), queryset=None, empty_label=_("(choose)")
    )
    partners = forms.ModelMultipleChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("partner organizations")), queryset=None, required=False
    )
    follows = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("follows the programme")), queryset=None, required=False, empty_label=_("(none)")
    )
    document = forms.CharField(label=capfirst(_("document")), max_length=250, required=False)
    note = forms.CharField(label=capfirst(_("note")), widget=forms.Textarea, required=False)

    def __init__(
        self,
        *args: Any,
        areas: Any,
        leads: Any,
        partners: Any,
        programmes: Any,
        with_parties: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["follows"].queryset = programmes  # type: ignore[attr-defined]
        if with_parties:
            self.fields["lead"].queryset = leads  # type: ignore[attr-defined]
            self.fields["partners"].queryset = partners  # type: ignore[attr-defined]
            self.fields["partners"].widget.attrs["size"] = 6
        else:
            del self.fields["lead"]
            del self.fields["partners"]


MEASURE_HELP = {
    "activities": _("Counts the activities of the programme (of the type chosen, if any)."),
    "activities_per_unit": _(
        "Counts the activities in each unit (ward) of the programme's area: each unit must reach the target."
    ),
    "participants": _("Adds up the participants of the programme's activities."),
    "output": _("Adds up one output of the activities (trees, kg of scrap, money…): choose it below."),
    "trained": _("Read from the training records: the women who completed a course in the year."),
    "nominated": _("Read from the elections: the women introduced as candidates in the year."),
}


class GoalForm(forms.Form):
    """A goal of a programme: what is counted, over which period, the target."""

    position = forms.IntegerField(label=capfirst(_("position")), required=False, min_value=1)
    text = forms.CharField(label=capfirst(_("goal")), widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.ChoiceField(label=capfirst(_("what is counted")), choices=())
    period = forms.ChoiceField(label=capfirst(_("target period")), choices=())
    target = forms.DecimalField(label=capfirst(_("target")), decimal_places=2, max_digits=16)
    unit = forms.CharField(label=capfirst(_("unit")), max_length=30, required=False)
    activity_type = TypeChoiceField(
        label=capfirst(_("type of activity")),
        queryset=None,
        required=False,
        help_text=_("Optional: only activities of this type (a group counts all its kinds)."),
    )
    output_kind = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=capfirst(_("output")),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
        help_text=_("Required when the goal adds up an output."),
    )
    young_only = forms.BooleanField(
        label=capfirst(_("young women only (training, elections)")), required=False
    )

    def __init__(self, *args: Any, types: Any, output_kinds: Any, **kwargs: Any) -> None:
        from .choices import GoalMeasure, TargetPeriod

        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(v, capfirst(str(n))) for v, n in GoalMeasure.choices]  # type: ignore[attr-defined]
        self.measure_help = [(capfirst(str(n)), MEASURE_HELP[v]) for v, n in GoalMeasure.choices]
        self.fields["period"].choices = [(v, capfirst(str(n))) for v, n in TargetPeriod.choices]  # type: ignore[attr-defined]
        self.fields["activity_type"].queryset = types  # type: ignore[attr-defined]
        grouped = [("", _("(any)"))]
        for t in types:
            if t.parent_id is None:
                grouped.append((t.pk, t.name))
        groups: dict[str, list[tuple[Any, str]]] = {}
        for t in types:
            if t.parent_id is not None:
                groups.setdefault(t.parent.name, []).append((t.pk, t.name))
        self.fields["activity_type"].choices = [  # type: ignore[attr-defined]
            *grouped[:1],
            (_("Groups"), grouped[1:]),
            *groups.items(),
        ]
        self.fields["output_kind"].queryset = output_kinds  # type: ignore[attr-defined]


class YearPlanForm(forms.Form):
    """The yearly plan of a programme: its document and one target per yearly goal."""

    number = forms.CharField(label=capfirst(_("number")), max_length=100, required=False)
    issued_on = UserDateField(label=capfirst(_("issued on")), widget=DateInput(), required=False)
    note = forms.CharField(
        label=capfirst(_("note")), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal_names: list[tuple[Any, str]] = []
        for goal in goals:
            name = f"target_{goal.pk}"
            self.fields[name] = forms.DecimalField(
                label=f"{goal.position}. {goal.text}",
                required=False,
                decimal_places=2,
                max_digits=16,
                help_text=_("Left empty: the goal's own target (%(target)s %(unit)s).")
                % {"target": f"{goal.target.normalize():f}", "unit": goal.unit},
            )
            self.goal_names.append((goal, name))

    def targets(self) -> dict[Any, Any]:
        """goal → its target this year; None for an emptied box (the goal's own target applies again)."""
        return {goal: self.cleaned_data.get(name) for goal, name in self.goal_names}
