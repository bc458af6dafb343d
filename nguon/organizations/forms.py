"""The forms that start and end a tenure: they parse and show, ``tenure_create`` / ``tenure_end`` write.

The posts offered are those of organizations in the user's edit scope existing on the date shown; the term
offered must be a term of the post's body (the service refuses any other, on the field "term").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from nguon.people.filters import UserDateField
from nguon.people.forms import DateInput

from .choices import TenureEnd, TenureStart
from .models import Post, Term


class PostChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.organization.name} ({obj.organization.area.name})"


class TermChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.body.name} — {obj.name}"


class TenureStartForm(forms.Form):
    """Start a tenure: the post (a seat when the post is a body's), its term, how and when it began."""

    post = PostChoiceField(
        label=capfirst(gettext_lazy("post")),
        queryset=Post.objects.none(),
        empty_label=gettext_lazy("(choose)"),
    )
    term = TermChoiceField(
        label=capfirst(gettext_lazy("term")),
        queryset=Term.objects.none(),
        required=False,
        empty_label=gettext_lazy("(no term: not a seat of a body)"),
        help_text=gettext_lazy("For a seat of a body: the term of that body."),
    )
    start_date = UserDateField(label=capfirst(gettext_lazy("from")), widget=DateInput())
    start_reason = forms.ChoiceField(
        label=capfirst(gettext_lazy("how it began")), choices=TenureStart.choices
    )
    start_decision = forms.CharField(
        label=capfirst(gettext_lazy("decision number")), max_length=100, required=False
    )
    start_decision_date = UserDateField(
        label=capfirst(gettext_lazy("decision date")), required=False, widget=DateInput()
    )
    note = forms.CharField(
        label=capfirst(gettext_lazy("note")), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, posts: QuerySet[Post], terms: QuerySet[Term], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts  # type: ignore[attr-defined]
        self.fields["term"].queryset = terms  # type: ignore[attr-defined]


class TenureEndForm(forms.Form):
    """End a tenure: the last day held, why, and the decision. ``version`` is the tenure's version token."""

    end_date = UserDateField(label=capfirst(gettext_lazy("to")), widget=DateInput())
    end_reason = forms.ChoiceField(
        label=capfirst(gettext_lazy("why it ended")), choices=[c for c in TenureEnd.choices if c[0]]
    )
    end_decision = forms.CharField(
        label=capfirst(gettext_lazy("end decision number")), max_length=100, required=False
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)
