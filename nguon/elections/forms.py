"""Forms of the candidate-list pages: open a list, add a candidate (found by name), record the results,
mark a term appointed. The forms only parse; the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nguon.organizations.models import Post, Term
from nguon.people.filters import UserDateField
from nguon.people.forms import DateInput
from nguon.people.models import Person

from .choices import ElectionKind
from .models import Candidacy
from .services import elected_field, votes_field


class _TermChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.body.name} {obj.name}"


class CandidateListForm(forms.Form):
    term = _TermChoice(label=capfirst(_("term")), queryset=Term.objects.none())
    post = forms.ModelChoiceField(label=capfirst(_("seat elected")), queryset=Post.objects.none())
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=ElectionKind.choices)
    name = forms.CharField(label=capfirst(_("name")), max_length=250)
    constituency = forms.CharField(label=capfirst(_("constituency")), max_length=250, required=False)
    election_date = UserDateField(label=capfirst(_("election date")), widget=DateInput())
    seats = forms.IntegerField(label=capfirst(_("seats")), min_value=1)
    decision = forms.CharField(
        label=capfirst(_("decision announcing the results")), max_length=100, required=False
    )

    def __init__(self, *args: Any, terms: QuerySet[Term], posts: QuerySet[Post], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms  # type: ignore[attr-defined]
        self.fields["post"].queryset = posts  # type: ignore[attr-defined]


class CandidacyAddForm(forms.Form):
    person = forms.ModelChoiceField(
        label=capfirst(_("person")),
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": _("Find the person by name and choose her or him.")},
    )
    nominated_by = forms.CharField(label=capfirst(_("nominated by")), max_length=250, required=False)
    self_nominated = forms.BooleanField(label=capfirst(_("self-nominated")), required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class ResultsForm(forms.Form):
    """Voters, valid ballots and, per candidate shown, votes and elected (fields ``votes-<id>``,
    ``elected-<id>``, the keys the service's errors use)."""

    voters = forms.IntegerField(label=capfirst(_("voters")), min_value=0)
    valid_ballots = forms.IntegerField(label=capfirst(_("valid ballots")), min_value=0)
    decision = forms.CharField(
        label=capfirst(_("decision announcing the results")), max_length=100, required=False
    )

    def __init__(self, *args: Any, candidacies: Sequence[Candidacy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidacies = list(candidacies)
        for c in self.candidacies:
            self.fields[votes_field(c.pk)] = forms.IntegerField(
                label=capfirst(_("votes")), min_value=0, required=False, initial=c.votes
            )
            self.fields[elected_field(c.pk)] = forms.BooleanField(
                label=capfirst(_("elected")), required=False, initial=bool(c.elected)
            )

    def rows(self) -> list[tuple[Candidacy, Any, Any]]:
        return [(c, self[votes_field(c.pk)], self[elected_field(c.pk)]) for c in self.candidacies]

    def results(self) -> list[tuple[Candidacy, bool, int | None]]:
        data = self.cleaned_data
        return [(c, bool(data[elected_field(c.pk)]), data[votes_field(c.pk)]) for c in self.candidacies]


class AppointedForm(forms.Form):
    decision = forms.CharField(label=capfirst(_("decision appointing the body")), max_length=100)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("draft", "draft"), ("official", "official")])
