"""The rows a long bulk job has met so far, kept in a temporary table of its transaction rather than in
Python, so that the job's memory does not grow with its input (the importer remembers the people, codes and
tenures of earlier chunks here).

Rows are remembered by a 64-bit hash of their natural key, in named spaces ("people", "codes" …). A hit is a
hint, not a proof: the caller checks it against the database before believing it, so a hash collision costs
a query, never a wrong answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TypeVar

from django.db import connection

T = TypeVar("T")


class Met(NamedTuple):
    """What was remembered of a row: its line (a row number, for messages) and one extra number (a hash of
    its values, say)."""

    line: int
    extra: int


def chunks(items: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    """``items`` in slices of ``size``."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


class SeenRows:
    """A temporary table of (space, hash) → (line, extra), dropped with the transaction on PostgreSQL and
    by ``drop()`` (call it before the transaction ends) on SQLite. Use it inside one transaction."""

    TABLE = "nguon_rows_seen"

    def __init__(self) -> None:
        self._spaces: dict[str, int] = {}
        on_commit = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.TABLE} (space smallint NOT NULL, hash bigint NOT NULL, "
                f"line integer NOT NULL, extra bigint NOT NULL, PRIMARY KEY (space, hash)){on_commit}"
            )

    def _space(self, name: str) -> int:
        return self._spaces.setdefault(name, len(self._spaces) + 1)

    def get(self, space: str, hashes: Iterable[int]) -> dict[int, Met]:
        """hash → what was remembered, for the hashes of ``space`` met before."""
        found: dict[int, Met] = {}
        number = self._space(space)
        postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            for chunk in chunks(sorted(set(hashes)), 5000 if postgres else 500):
                params: list[Any]
                if postgres:
                    where, params = "hash = ANY(%s)", [number, list(chunk)]  # one array, not 5.000 parameters
                else:
                    where, params = f"hash IN ({', '.join(['%s'] * len(chunk))})", [number, *chunk]
                cursor.execute(
                    f"SELECT hash, line, extra FROM {self.TABLE} WHERE space = %s AND {where}", params
                )
                found.update((h, Met(line, extra)) for h, line, extra in cursor.fetchall())
        return found

    def add(self, space: str, items: Sequence[tuple[int, int, int]]) -> None:
        """Remember (hash, line, extra) triples in ``space``: hashes not remembered yet (``get`` them first
        when unsure); of a hash repeated in ``items``, the first is kept."""
        if not items:
            return
        number = self._space(space)
        unique: dict[int, tuple[int, int, int]] = {}
        for item in items:
            unique.setdefault(item[0], item)
        if connection.vendor == "postgresql":
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {self.TABLE} (space, hash, line, extra) FROM STDIN") as copy,
            ):
                for item in unique.values():
                    copy.write_row((number, *item))
        else:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.TABLE} (space, hash, line, extra) VALUES (%s, %s, %s, %s)",
                    [(number, *item) for item in unique.values()],
                )

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")
