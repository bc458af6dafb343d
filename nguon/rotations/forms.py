"""The forms of the rotation pages: they parse and show, the services write (refusals back on their fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nguon.core.formats import format_date
from nguon.people.filters import UserDateField
from nguon.people.forms import DateInput

from .choices import MoveKind


class LabelledChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, *args: Any, labeller: Any = str, **kwargs: Any) -> None:
        self.labeller = labeller
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(self.labeller(obj))


class DecisionForm(forms.Form):
    issuer = LabelledChoice(label=capfirst(_("issued by")), queryset=None)
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=MoveKind.choices)
    number = forms.CharField(label=capfirst(_("decision number")), max_length=100)
    date = UserDateField(label=capfirst(_("decision date")), widget=DateInput())
    effective_date = UserDateField(
        label=capfirst(_("in force from")),
        required=False,
        widget=DateInput(),
        help_text=_("The decision's date when left empty."),
    )
    signed_by = forms.CharField(label=capfirst(_("signed by")), max_length=250, required=False)
    note = forms.CharField(
        label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, issuers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]


def tenure_label(tenure: Any) -> str:
    end = format_date(tenure.end_date) if tenure.end_date else _("now")
    return f"{tenure.post.name} — {tenure.post.organization.name} ({format_date(tenure.start_date)}–{end})"


def move_label(move: Any) -> str:
    return _("the tenure started by the move to %(post)s on %(date)s") % {
        "post": move.to_post.name,
        "date": format_date(move.start_date),
    }


def post_label(post: Any) -> str:
    return f"{post.name} — {post.organization.name}"


class MoveForm(forms.Form):
    """A move of the chosen person: the tenure she leaves (one of hers held, or the tenure an earlier move of
    this decision starts), the post taken (and its term), the dates."""

    from_tenure = LabelledChoice(
        label=capfirst(_("leaves")), queryset=None, required=False, labeller=tenure_label
    )
    from_move = LabelledChoice(
        label=capfirst(_("or leaves the tenure started by")),
        queryset=None,
        required=False,
        labeller=move_label,
    )
    to_post = LabelledChoice(label=capfirst(_("takes")), queryset=None, labeller=post_label)
    to_term = LabelledChoice(
        label=capfirst(_("term")),
        queryset=None,
        required=False,
        help_text=_("Only when the post is a seat of a body."),
    )
    start_date = UserDateField(label=capfirst(_("from")), widget=DateInput())
    end_date = UserDateField(label=capfirst(_("planned until")), required=False, widget=DateInput())
    note = forms.CharField(
        label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, tenures: Any, moves: Any, posts: Any, terms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_tenure"].queryset = tenures  # type: ignore[attr-defined]
        self.fields["from_move"].queryset = moves  # type: ignore[attr-defined]
        self.fields["to_post"].queryset = posts  # type: ignore[attr-defined]
        self.fields["to_term"].queryset = terms  # type: ignore[attr-defined]
        if not moves.exists():
            del self.fields["from_move"]


class ApplyForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the moves: end the tenures left and start the new ones."), required=True
    )
