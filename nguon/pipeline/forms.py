"""The forms of the succession board and the pool pages: they parse and show, the services write.

Dates are typed dd/mm/yyyy; the services' refusals (``ValidationError`` by field) go back on the field they
concern (``people.forms.show_errors``), and a refused form keeps what was typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nguon.organizations.models import Post
from nguon.people.filters import UserDateField
from nguon.people.forms import DateInput
from nguon.people.models import Person

from .choices import ProposalAction, RemovalReason
from .models import PlanningDecision, PoolEvent, ReadinessLevel


class DecisionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} ({obj.date:%d/%m/%Y}, {obj.approving_body})"


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A person of the scope, chosen by id (the page offers her through the name search)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.birth_display})"


def _decision_field() -> DecisionChoiceField:
    return DecisionChoiceField(
        label=capfirst(_("decision")),
        queryset=PlanningDecision.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )


def _readiness_field(required: bool = False) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        label=capfirst(_("readiness")),
        queryset=ReadinessLevel.objects.order_by("order", "code"),
        required=required,
        empty_label=_("(unchanged)") if not required else _("(choose)"),
    )


class _WithDecision(forms.Form):
    def __init__(self, *args: Any, decisions: QuerySet[PlanningDecision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]


class PoolForm(_WithDecision):
    """Open the planning of a post for a target term."""

    post: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label=capfirst(_("post")), queryset=None, empty_label=_("(choose)")
    )
    target_term = forms.CharField(
        label=capfirst(_("target term")), max_length=30, help_text=_('e.g. "2025–2030"')
    )
    target_start = UserDateField(label=capfirst(_("term starts")), widget=DateInput())
    target_end = UserDateField(label=capfirst(_("term ends")), widget=DateInput())
    decision = _decision_field()
    new_number = forms.CharField(label=_("Or a new decision: its number"), max_length=100, required=False)
    new_date = UserDateField(label=capfirst(_("decision date")), required=False, widget=DateInput())
    new_body = forms.CharField(label=capfirst(_("approved by")), max_length=250, required=False)
    note = forms.CharField(label=capfirst(_("note")), required=False, widget=forms.Textarea({"rows": 2}))

    #: Service field → form field, for the services' refusals.
    FIELD_OF = {"number": "new_number", "approving_body": "new_body", "date": "new_date"}

    def __init__(self, *args: Any, posts: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_number") and data.get("decision") is None:
            if not data.get("new_date") and "new_date" not in self.errors:
                self.add_error("new_date", _("Give the date of the new decision."))
            if not data.get("new_body"):
                self.add_error("new_body", _("Say which body approved the planning."))
        return data


class PoolEditForm(PoolForm):
    """Change a pool's target term, dates, approval decision or note (its post stays)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, posts=Post.objects.none(), **kwargs)
        del self.fields["post"]


class EntryAddForm(_WithDecision):
    """Put a person of the scope in a pool: approved under a decision, or only proposed."""

    person = PersonChoiceField(
        label=capfirst(_("person")),
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": _("Find the person by name and choose her or him.")},
    )
    date = UserDateField(label=capfirst(_("date")), widget=DateInput())
    approved = forms.TypedChoiceField(
        label=capfirst(_("status")),
        choices=[("1", _("approved")), ("0", _("proposed"))],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    readiness = _readiness_field(required=True)
    rank = forms.IntegerField(label=capfirst(_("rank")), required=False, min_value=1)
    first_planning = forms.BooleanField(label=_("Planned for the first time"), required=False)
    decision = _decision_field()
    reason = forms.CharField(label=capfirst(_("reason")), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class EntryMoveForm(_WithDecision):
    date = UserDateField(label=capfirst(_("date")), widget=DateInput())
    readiness = _readiness_field()
    rank = forms.IntegerField(label=capfirst(_("rank")), required=False, min_value=1)
    decision = _decision_field()
    reason = forms.CharField(label=capfirst(_("reason")), required=False, widget=forms.Textarea({"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data.get("readiness") is None and data.get("rank") is None:
            self.add_error("readiness", _("Choose a new readiness or a new rank."))
        return data


class EntryRemoveForm(_WithDecision):
    date = UserDateField(label=capfirst(_("date")), widget=DateInput())
    removal_reason = forms.ChoiceField(
        label=capfirst(_("why removed")),
        choices=[c for c in RemovalReason.choices if c[0]],
        required=True,
    )
    reason = forms.CharField(label=capfirst(_("reason")), required=False, widget=forms.Textarea({"rows": 2}))
    decision = _decision_field()


class EntryFulfilForm(_WithDecision):
    date = UserDateField(label=capfirst(_("date")), widget=DateInput())
    reason = forms.CharField(label=capfirst(_("reason")), required=False, widget=forms.Textarea({"rows": 2}))
    decision = _decision_field()


class DecisionForm(forms.Form):
    """A planning decision of the organization (number, date, approving body)."""

    number = forms.CharField(label=capfirst(_("decision number")), max_length=100)
    date = UserDateField(label=capfirst(_("decision date")), widget=DateInput())
    approving_body = forms.CharField(label=capfirst(_("approved by")), max_length=250)


class RoundForm(forms.Form):
    """Open the annual review of an organization's planning for a target term."""

    year = forms.IntegerField(label=capfirst(_("year")), min_value=2000, max_value=2100)
    target_term = forms.ChoiceField(label=capfirst(_("target term")), choices=())
    note = forms.CharField(label=capfirst(_("note")), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, terms: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_term"].choices = [(t, t) for t in terms]  # type: ignore[attr-defined]


class ProposalForm(forms.Form):
    """One proposal of a review: add, remove or move a person in one of the pools reviewed."""

    pool: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label=capfirst(_("post")), queryset=None, empty_label=_("(choose)")
    )
    action = forms.ChoiceField(label=capfirst(_("action")), choices=ProposalAction.choices)
    person = PersonChoiceField(
        label=capfirst(_("person")),
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": _("Find the person by name and choose her or him.")},
    )
    readiness = _readiness_field()
    rank = forms.IntegerField(label=capfirst(_("rank")), required=False, min_value=1)
    removal_reason = forms.ChoiceField(
        label=capfirst(_("why removed")), choices=RemovalReason.choices, required=False
    )
    reason = forms.CharField(label=capfirst(_("reason")), required=False, widget=forms.Textarea({"rows": 2}))
    first_planning = forms.BooleanField(label=_("Planned for the first time"), required=False)

    def __init__(self, *args: Any, pools: QuerySet[Any], people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = pools  # type: ignore[attr-defined]
        self.fields["pool"].label_from_instance = lambda p: p.post.name  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["readiness"].empty_label = _("(none)")  # type: ignore[attr-defined]


class ApproveForm(_WithDecision):
    """Approve a review as one decision: a registered decision, or a new one typed here."""

    decision = _decision_field()
    new_number = forms.CharField(label=_("Or a new decision: its number"), max_length=100, required=False)
    new_date = UserDateField(label=capfirst(_("decision date")), required=False, widget=DateInput())
    new_body = forms.CharField(label=capfirst(_("approved by")), max_length=250, required=False)

    FIELD_OF = {"number": "new_number", "approving_body": "new_body"}
    #: the model whose field names label a refusal of a proposal (people.forms.show_errors)
    model = PoolEvent

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") is None:
            if not data.get("new_number"):
                self.add_error(
                    "decision", _("Choose the decision that approves the review, or type a new one.")
                )
            else:
                if not data.get("new_date") and "new_date" not in self.errors:
                    self.add_error("new_date", _("Give the date of the new decision."))
                if not data.get("new_body"):
                    self.add_error("new_body", _("Say which body approved the planning."))
        return data
