"""The rows a bulk job has met, in a temporary table of its transaction: spaces kept apart, the first line of
a hash kept, repeated hashes in one call tolerated, and nothing left behind."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from nguon.core.seen import Met, SeenRows, chunks


@pytest.mark.django_db(transaction=True)
def test_rows_seen_are_remembered_by_space_within_the_transaction():
    with transaction.atomic():
        seen = SeenRows()
        seen.add("people", [(11, 2, 7), (12, 3, 8), (11, 9, 9)])  # a hash repeated: the first kept
        seen.add("codes", [(11, 4, 0)])
        assert seen.get("people", [11, 12, 13]) == {11: Met(2, 7), 12: Met(3, 8)}
        assert seen.get("codes", iter([11, 12])) == {11: Met(4, 0)}
        assert seen.get("tenures", [11]) == {}
        many = list(range(1000, 3000))
        seen.add("tenures", [(h, h, 0) for h in many])
        assert len(seen.get("tenures", many)) == 2000  # asked in slices
        seen.drop()
        assert not _temporary_table_exists()
    with transaction.atomic():
        SeenRows()  # on PostgreSQL dropped at commit even without drop()
    assert connection.vendor != "postgresql" or not _temporary_table_exists()


def _temporary_table_exists() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT to_regclass(%s)", [f"pg_temp.{SeenRows.TABLE}"])
            return cursor.fetchone()[0] is not None
        cursor.execute("SELECT count(*) FROM sqlite_temp_master WHERE name = %s", [SeenRows.TABLE])
        return bool(cursor.fetchone()[0])


def test_chunks_slice_in_order():
    assert [list(c) for c in chunks([1, 2, 3, 4, 5], 2)] == [[1, 2], [3, 4], [5]]
