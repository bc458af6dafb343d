"""What a batch's worker process runs (``services.batch_files`` with ``jobs`` > 1).

A worker is started afresh ("spawn") and unpickles these functions before Django is set up: this module
imports nothing of Django's models at its top, only inside the functions.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nguon.core.exporters import Rendered
    from nguon.core.scope import Scope


def setup(settings_module: str, database_name: Any) -> None:
    """A worker's start: Django with the parent's settings and database (the parent's test database too)."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    django.setup()
    from django.conf import settings
    from django.db import connections

    settings.DATABASES["default"]["NAME"] = database_name
    connections["default"].settings_dict["NAME"] = database_name


def batch_chunk(task: tuple[str, Scope, dict[str, Any], list[int]]) -> list[tuple[int, Rendered | None, str]]:
    """The Word files of a chunk of units (ids, in order): one evaluation for the chunk, as in-process."""
    from django.db import connection
    from django.utils.translation import gettext as _

    from nguon.areas.models import Area
    from nguon.reports.params import ReportParams
    from nguon.reports.services import batch_files_here, error_text

    kind, scope, asked, pks = task
    try:
        params = ReportParams.from_json(asked)
        found = {a.pk: a for a in Area.objects.filter(pk__in=pks)}
        units = [found[pk] for pk in pks if pk in found]
        done = {unit.pk: (unit.pk, r, m) for unit, r, m in batch_files_here(kind, scope, params, units)}
        gone = _("This unit was removed while the reports were being written.")
        return [done.get(pk, (pk, None, gone)) for pk in pks]
    except Exception as error:  # the chunk as a whole (its parameters, the template): each unit told why
        return [(pk, None, error_text(error)) for pk in pks]
    finally:
        if not connection.in_atomic_block:  # (a test calling it in its transaction keeps the connection)
            connection.close()
