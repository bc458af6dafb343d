"""What every router shares: dates as officers write them, choices as enums, and the bridge from a page's
FilterSet to the API's documented query parameters (one filter definition per model, for both)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import django_filters as filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, Field, create_model

from nguon.core.dates import parse_user_date


def _user_date(value: Any) -> Any:
    """A date as officers write it (dd/mm/yyyy, d/m/yyyy, dd.mm.yyyy, dd-mm-yyyy) or as ISO: parsed here,
    with the Vietnamese message of ``parse_user_date`` when it is none; refused outside the registry's
    years (a birth in year 18 would make every age band's arithmetic fail)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = parse_user_date(value)
    if isinstance(value, dt.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            _("%(date)s is outside the years %(first)s to %(last)s.")
            % {
                "date": f"{value.day:02d}/{value.month:02d}/{value.year:04d}",
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
        )
    return value


#: The years a date of the registry may fall in (ages and periods are computed from them).
FIRST_YEAR, LAST_YEAR = 1900, 2200

#: A date in the API: written out as YYYY-MM-DD, read as YYYY-MM-DD or dd/mm/yyyy.
UserDate = Annotated[dt.date, BeforeValidator(_user_date)]


def choices_enum(name: str, choices: Any, *, blank: bool = True) -> Any:
    """A string enum of a ``TextChoices``' values (the OpenAPI schema lists them); ``blank=False`` drops
    the empty value."""
    values = [v for v in choices.values if blank or v != ""]
    return enum.Enum(name, {(v or "BLANK").upper(): v for v in values}, type=str)


def choices_literal(choices: Any, *, blank: bool = False) -> Any:
    values = tuple(v for v in choices.values if blank or v != "")
    return Literal[values]


# --- one FilterSet, two faces -----------------------------------------------------------------------------


def _annotation(f: filters.Filter) -> Any:
    """The query parameter's type for one filter (strings when in doubt: the FilterSet checks them)."""
    if isinstance(f, filters.BooleanFilter):
        return bool
    if isinstance(f, filters.ModelMultipleChoiceFilter):
        return list[Id]
    if isinstance(f, filters.ModelChoiceFilter | filters.NumberFilter):
        return Id
    if isinstance(f, filters.DateFilter) or type(f).__name__ == "UserDateFilter":
        return UserDate
    if isinstance(f, filters.ChoiceFilter | filters.MultipleChoiceFilter) and not isinstance(
        f, filters.OrderingFilter
    ):
        choices = f.extra.get("choices")
        if callable(choices):
            choices = choices()
        values = tuple(str(v) for v, _label in choices or () if v != "")
        one: Any = Literal[values] if values else str
        return list[one] if isinstance(f, filters.MultipleChoiceFilter) else one
    return text(200)


def query_schema(filterset: type[filters.FilterSet], name: str) -> type[Schema]:
    """A ninja ``Schema`` of the query parameters of ``filterset``: every filter, optional, with its type
    and its (English) label as description, so that the OpenAPI schema documents the page's filters."""
    fields: dict[str, Any] = {}
    for key, f in filterset.base_filters.items():
        label = str(f.label) if f.label else key
        fields[key] = (_annotation(f) | None, Field(None, description=label))
    return create_model(name, __base__=Schema, **fields)


def _data(values: Mapping[str, Any]) -> MultiValueDict[str, Any]:
    data: MultiValueDict[str, Any] = MultiValueDict()
    for key, value in values.items():
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        data.setlist(key, [_text(v) for v in items])
    return data


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def filtered(
    filterset: type[filters.FilterSet], query: Schema, queryset: QuerySet[Any], request: HttpRequest
) -> QuerySet[Any]:
    """``queryset`` (already through the scope) narrowed by ``filterset`` with the parameters ``query``
    read; the FilterSet's own refusals (Vietnamese, by parameter) as a ``ValidationError`` (422)."""
    fs = filterset(data=_data(query.model_dump()), queryset=queryset, request=request)
    if not fs.is_valid():
        raise ValidationError({k: list(v) for k, v in fs.errors.items()})
    return fs.qs  # type: ignore[no-any-return]


# --- values every schema reads ----------------------------------------------------------------------------

#: The largest id a path or filter may name (64-bit integers: SQLite refuses bigger ones).
MAX_ID = 2**63 - 1


def _clean_text(value: Any) -> Any:
    """Refuse text no database stores: a NUL character, or half of a UTF-16 surrogate pair."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(_("The text holds a NUL character."))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValueError(_("The text holds characters that are not valid Unicode.")) from error
    return value


def text(max_length: int) -> Any:
    """A string of at most ``max_length`` characters, storable as it is."""
    return Annotated[str, BeforeValidator(_clean_text), Field(max_length=max_length)]


# The lengths the models' fields allow.
Text10 = Annotated[str, BeforeValidator(_clean_text), Field(max_length=10)]
Text30 = Annotated[str, BeforeValidator(_clean_text), Field(max_length=30)]
Text50 = Annotated[str, BeforeValidator(_clean_text), Field(max_length=50)]
Text80 = Annotated[str, BeforeValidator(_clean_text), Field(max_length=80)]
Text100 = Annotated[str, BeforeValidator(_clean_text), Field(max_length=100)]
Text150 = Annotated[str, BeforeValidator(_clean_text), Field(max_length=150)]
Text250 = Annotated[str, BeforeValidator(_clean_text), Field(max_length=250)]
Text2000 = Annotated[str, BeforeValidator(_clean_text), Field(max_length=2000)]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
