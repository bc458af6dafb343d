"""The sheet kinds the importer knows, in the order their sheets are written (people before the tenures
that refer to them). Adding a kind: its module (a ``SheetKind`` and a ``SheetWriter``), and one line here."""

from __future__ import annotations

from typing import Any

from .kinds import SheetKind
from .writers.base import SheetWriter
from .writers.people import PeopleWriter
from .writers.tenures import TenuresWriter

Writer = type[SheetWriter[Any]]
_WRITERS: list[Writer] = []


def register(writer: Writer) -> Writer:
    """Make the importer read the sheets of ``writer.kind`` and write them with ``writer``, after the
    kinds registered before it. Usable as a class decorator."""
    if any(w.kind.key == writer.kind.key for w in _WRITERS):
        raise ValueError(f"a sheet kind '{writer.kind.key}' is registered already")
    _WRITERS.append(writer)
    return writer


def unregister(writer: Writer) -> None:
    _WRITERS.remove(writer)


def writers() -> tuple[Writer, ...]:
    return tuple(_WRITERS)


def kinds() -> tuple[SheetKind, ...]:
    return tuple(w.kind for w in _WRITERS)


def writer_for(kind: SheetKind) -> Writer:
    return next(w for w in _WRITERS if w.kind is kind)


register(PeopleWriter)
register(TenuresWriter)
