"""The forms officers fill in every day for people: they parse and show, the services write.

Dates are typed dd/mm/yyyy (also d/m/yyyy, dd.mm.yyyy, ISO); a birth may be a year alone ("1985"). The
services' refusals (``ValidationError`` by field) are shown on the field they concern (``show_errors``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nguon.core.text import fold

from .choices import BirthDatePrecision, Education, PoliticalTheory, Sex, StateManagement
from .filters import UserDateField
from .models import Person

#: The most options a drop-down list shows (a national administrator reaches tens of thousands of
#: organizations: she narrows the list by typing part of a name first).
OPTIONS_LIMIT = 300
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


class BirthField(forms.CharField):
    """A birth date dd/mm/yyyy, or a year alone ("1985") when only the year is known: (date, precision)."""

    def to_python(self, value: Any) -> tuple[dt.date, str] | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        m = _YEAR.match(text)
        if m:
            return dt.date(int(m.group(1)), 1, 1), BirthDatePrecision.YEAR.value
        date = UserDateField().to_python(text)
        return (date, BirthDatePrecision.DAY.value) if date is not None else None

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        if value is not None and not (1900 <= value[0].year <= dt.date.today().year):
            raise ValidationError(
                _("The year of birth %(year)s is not plausible.") % {"year": value[0].year},
                code="implausible",
            )


class DateInput(forms.TextInput):
    """A date typed as text (not type=date, whose display follows the browser's language)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": gettext_lazy("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        shown: str | None = super().format_value(value)
        return shown


class OrganizationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.area.name}"


def limit_options(
    field: forms.ModelChoiceField,  # type: ignore[type-arg]
    *,
    query: str = "",
    selected: Any = None,
    limit: int = OPTIONS_LIMIT,
    lookup: str = "search_key",
) -> bool:
    """Render at most ``limit`` options of ``field`` (those whose folded name contains ``query``, and the
    one ``selected``; ``lookup`` is the folded name asked, e.g. "organization__search_key" for posts), while the field still accepts any row of its queryset. Returns whether options were
    left out (the page then asks to narrow the list)."""
    qs = field.queryset
    assert qs is not None
    shown = qs
    for word in fold(query).split():
        shown = shown.filter(**{f"{lookup}__contains": word})
    rows = list(shown[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if selected not in (None, "") and not any(
        str(r.pk) == str(getattr(selected, "pk", selected)) for r in rows
    ):
        extra = qs.filter(pk=getattr(selected, "pk", selected)).first()
        if extra is not None:
            rows.insert(0, extra)
    field.widget.choices = [
        ("", field.empty_label or ""),
        *((r.pk, field.label_from_instance(r)) for r in rows),
    ]
    return more


class PersonForm(forms.Form):
    """Add or edit a person. ``organizations``: those the dossier may be kept by (the user's edit scope)."""

    full_name = forms.CharField(label=capfirst(gettext_lazy("full name")), max_length=150)
    sex = forms.ChoiceField(
        label=capfirst(gettext_lazy("sex")), choices=Sex.choices, widget=forms.RadioSelect
    )
    birth = BirthField(
        label=capfirst(gettext_lazy("birth date")),
        help_text=gettext_lazy("dd/mm/yyyy, or the year alone when only the year is known."),
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("dd/mm/yyyy"), "inputmode": "numeric"}),
    )
    code = forms.CharField(label=capfirst(gettext_lazy("cadre code")), max_length=30, required=False)
    ethnicity = forms.CharField(label=capfirst(gettext_lazy("ethnicity")), max_length=50, required=False)
    education = forms.ChoiceField(
        label=capfirst(gettext_lazy("education")), choices=Education.choices, required=False
    )
    political_theory = forms.ChoiceField(
        label=capfirst(gettext_lazy("political theory")), choices=PoliticalTheory.choices, required=False
    )
    state_management = forms.ChoiceField(
        label=capfirst(gettext_lazy("state management")), choices=StateManagement.choices, required=False
    )
    party_admission_date = UserDateField(
        label=capfirst(gettext_lazy("party admission date")), required=False, widget=DateInput()
    )
    dossier_organization = OrganizationChoiceField(
        label=capfirst(gettext_lazy("dossier kept by")),
        queryset=None,
        empty_label=gettext_lazy("(choose)"),
        help_text=gettext_lazy("The organization that keeps the person's record."),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_duplicate = forms.BooleanField(
        label=gettext_lazy("Save anyway: this is another person"), required=False
    )

    #: Service field → form field, for the services' refusals.
    FIELD_OF = {"birth_date": "birth", "birth_date_precision": "birth"}

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Any],
        person: Person | None = None,
        dossier_required: bool = True,
        **kwargs: Any,
    ) -> None:
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = person_initial(person)
        super().__init__(*args, **kwargs)
        self.person = person
        field = self.fields["dossier_organization"]
        field.queryset = organizations  # type: ignore[attr-defined]
        field.required = dossier_required

    def service_values(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        data = self.cleaned_data
        birth, precision = data["birth"]
        return {
            "full_name": data["full_name"],
            "sex": data["sex"],
            "birth_date": birth,
            "birth_date_precision": precision,
            "code": data.get("code", ""),
            "ethnicity": data.get("ethnicity", ""),
            "education": data.get("education", ""),
            "political_theory": data.get("political_theory", ""),
            "state_management": data.get("state_management", ""),
            "party_admission_date": data.get("party_admission_date"),
            "dossier_organization": data.get("dossier_organization"),
        }


def person_initial(person: Person) -> dict[str, Any]:
    """A person's values as the form shows them (the birth as she was registered: a year, or dd/mm/yyyy)."""
    return {
        "full_name": person.full_name,
        "sex": person.sex,
        "birth": person.birth_display,
        "code": person.code,
        "ethnicity": person.ethnicity,
        "education": person.education,
        "political_theory": person.political_theory,
        "state_management": person.state_management,
        "party_admission_date": person.party_admission_date.strftime("%d/%m/%Y")
        if person.party_admission_date
        else "",
        "dossier_organization": person.dossier_organization_id,
    }


def show_errors(form: forms.Form, error: ValidationError, field_of: Mapping[str, str] | None = None) -> None:
    """Put a service's refusal on the form's fields (by the service's field names, mapped through
    ``field_of``); a refusal of a field the form does not show goes on top of the form, with its label."""
    mapping = dict(field_of or {})
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = mapping.get(name, name)
        if target in form.fields:
            form.add_error(target, errors)
        elif name == NON_FIELD_ERRORS:
            form.add_error(None, errors)
        else:
            form.add_error(
                None,
                [ValidationError(f"{_label_of(form, name)}: {e.message % (e.params or {})}") for e in errors],
            )


def _label_of(form: forms.Form, name: str) -> str:
    model: type[Model] | None = getattr(form, "model", Person)
    try:
        found = model._meta.get_field(name) if model is not None else None
        return capfirst(str(getattr(found, "verbose_name", name)))
    except FieldDoesNotExist:  # a name without a field is shown as it is
        return name


def style_fields(form: forms.Form) -> forms.Form:
    """Give the widgets Bootstrap's classes (and ``is-invalid`` with ``aria-invalid`` where the field has
    an error): templates render ``{{ field }}`` as it is, with no inline style."""
    bound_errors = form.errors if form.is_bound else {}
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if name in bound_errors:
            css += " is-invalid"
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"{form[name].auto_id}-errors"
        widget.attrs["class"] = css
    return form
