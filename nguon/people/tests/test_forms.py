"""The people forms' own parsing: births as a date or a year, dates dd/mm/yyyy, the services' refusals put
on the field they concern."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError

from nguon.people.filters import UserDateField
from nguon.people.forms import BirthField, DateInput, show_errors, style_fields


def test_birth_is_a_date_or_a_year_alone():
    """ "25/09/1992" is a full date; "1985" a year-only birth on 1 January; ISO is accepted too."""
    field = BirthField()
    assert field.clean("25/09/1992") == (dt.date(1992, 9, 25), "day")
    assert field.clean(" 1985 ") == (dt.date(1985, 1, 1), "year")
    assert field.clean("1992-09-25") == (dt.date(1992, 9, 25), "day")


@pytest.mark.parametrize("text", ["31/02/1990", "25-13-1990", "abc", "1850", "25/09/2999"])
def test_birth_refuses_what_is_not_a_plausible_date_in_vietnamese(text):
    """Impossible dates, garbage and implausible years are refused with a Vietnamese message."""
    with pytest.raises(ValidationError) as refused:
        BirthField().clean(text)
    message = " ".join(refused.value.messages)
    assert any(word in message for word in ("ngày", "Năm sinh")), message


def test_user_dates_and_their_display():
    """Dates typed d/m/yyyy or dd.mm.yyyy are read; a date is shown dd/mm/yyyy in its input."""
    field = UserDateField(required=False)
    assert field.clean("5/9/2020") == dt.date(2020, 9, 5)
    assert field.clean("05.09.2020") == dt.date(2020, 9, 5)
    assert field.clean("") is None
    assert DateInput().format_value(dt.date(2020, 9, 5)) == "05/09/2020"


class _Form(forms.Form):
    birth = forms.CharField(required=False)
    sex = forms.ChoiceField(choices=[("F", "F")], required=False)


def test_service_refusals_land_on_their_fields():
    """A refusal of "birth_date" goes on the form's "birth" field; one of a field the form does not show
    goes on top of the form with the field's Vietnamese label; a non-field refusal on top as it is."""
    form = _Form({"birth": "", "sex": ""})
    assert form.is_valid()
    show_errors(
        form,
        ValidationError({"birth_date": ["wrong birth"], "code": ["taken"], "__all__": ["stale"]}),
        {"birth_date": "birth"},
    )
    assert form.errors["birth"] == ["wrong birth"]
    assert "stale" in form.non_field_errors()
    assert any(e.startswith("Mã cán bộ: taken") for e in form.non_field_errors())


def test_widgets_get_bootstrap_classes_and_invalid_marks():
    """Bootstrap's classes by widget kind; a field with an error is marked is-invalid and aria-invalid."""
    form = _Form({"birth": "x", "sex": "nope"})
    form.is_valid()
    style_fields(form)
    assert form.fields["birth"].widget.attrs["class"] == "form-control"
    assert form.fields["sex"].widget.attrs["class"] == "form-select is-invalid"
    assert form.fields["sex"].widget.attrs["aria-invalid"] == "true"
