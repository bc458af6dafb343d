"""Labels of coded values, from their choices: the one place a code becomes the word users read.

``label(Status, "met")`` is ``Status("met").label`` through gettext (Vietnamese on the site, in the CLI and
in every workbook). Never copy a choices class into a dictionary of labels: add the choice, and every page,
export and template shows it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from django.db.models import Choices
from django.utils import translation
from django.utils.text import capfirst


def label(choices: type[Choices], value: Any, *, capital: bool = False) -> str:
    """The label of ``value`` in ``choices`` ("" for a blank value, the value itself for an unknown code)."""
    if value in (None, ""):
        return ""
    return _label(choices, value, capital, translation.get_language())


@lru_cache(maxsize=4096)
def _label(choices: type[Choices], value: Any, capital: bool, language: str | None) -> str:
    """Remembered per language: an export of 100.000 rows asks for the same few labels again and again."""
    try:
        text = str(choices(value).label)
    except ValueError:
        return str(value)
    return capfirst(text) if capital else text


def labels(choices: type[Choices], *, capital: bool = False) -> tuple[str, ...]:
    """The labels of every non-blank choice, in declaration order (a template's drop-down list)."""
    return tuple(
        label(choices, value, capital=capital) for value in choices.values if value not in (None, "")
    )


class ChoiceLabels(Mapping[str, str]):
    """The labels of ``choices`` by code, read when looked up (in the language active then): a template's
    ``{{ labels.met }}``, a command's ``labels[status]``."""

    def __init__(self, choices: type[Choices], *, capital: bool = False) -> None:
        self.choices = choices
        self.capital = capital

    def __getitem__(self, code: str) -> str:
        if code not in self.choices.values:
            raise KeyError(code)
        return label(self.choices, code, capital=self.capital)

    def __iter__(self) -> Iterator[str]:
        return iter(str(v) for v in self.choices.values)

    def __len__(self) -> int:
        return len(self.choices.values)
