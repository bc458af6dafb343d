"""Reads of people."""

from __future__ import annotations

from django.db.models import QuerySet

from nguon.core.text import fold

from .models import Person


def person_search(*, query: str = "") -> QuerySet[Person]:
    """People whose name contains every word of ``query``, with or without diacritics, in Vietnamese order."""
    qs = Person.objects.all()
    for word in fold(query).split():
        qs = qs.filter(search_key__contains=word)
    return qs.order_by("sort_key", "birth_date", "id")
