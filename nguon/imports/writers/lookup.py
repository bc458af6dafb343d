"""Rows that name a person of the register, matched the one way every such sheet kind needs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from nguon.core.scope import Level
from nguon.people.selectors import PersonKey, people_keys

from ..parse import ParsedSheet, Row
from ..scoping import hidden_code, hidden_name, people_in_scope
from .base import SheetWriter
from .people import skipped_among


def rows_people(writer: SheetWriter[Any], sheet: ParsedSheet, rows: list[Row]) -> dict[int, PersonKey]:
    """Each row's person, by cadre code, else full name and birth date (row number → key), for the sheet kinds
    whose rows name a person of the register (planning, participants, candidates). A person not found, or
    kept outside the user's view scope (refused without being revealed, as imports.scoping says), is an error
    on the row's cell; a person whose row of the people sheet was skipped is not reported twice."""
    h = sheet.header.header_text
    by_code, by_name = people_keys(
        codes={r.values["code"] for r in rows if r.values.get("code")},
        name_births={
            (r.values["full_name"], r.values["birth"][0])
            for r in rows
            if r.values.get("full_name") and r.values.get("birth") and not r.values.get("code")
        },
    )
    skipped = skipped_among(
        writer.context,
        {r.values["code"] for r in rows if r.values.get("code") and r.values["code"] not in by_code}
        | {
            r.values["full_name"]
            for r in rows
            if not r.values.get("code") and r.values.get("full_name") and r.values.get("birth")
        },
    )
    found: dict[int, PersonKey] = {}
    for row in rows:
        v = row.values
        key: PersonKey | None = None
        if v.get("code"):
            key = by_code.get(v["code"])
            if key is None and v["code"] not in skipped:
                writer.error(
                    sheet.name,
                    row.number,
                    h["code"],
                    _("No person has the code '%(code)s'") % {"code": v["code"]},
                )
        elif v.get("full_name") and v.get("birth"):
            key = by_name.get((v["full_name"], v["birth"][0]))
            if key is None and v["full_name"] not in skipped:
                writer.error(
                    sheet.name,
                    row.number,
                    h["full_name"],
                    _("No person '%(name)s' born %(birth)s: add them to the sheet 'Cán bộ'")
                    % {"name": v["full_name"], "birth": v["birth"][0].strftime("%d/%m/%Y")},
                )
        else:
            writer.error(
                sheet.name,
                row.number,
                h.get("full_name") or h.get("code"),
                _("Give the cadre code, or the full name and birth date"),
            )
        if key is not None:
            found[row.number] = key
    scope = writer.context.scope
    if not scope.unrestricted and found:
        visible = people_in_scope(
            scope, {k.id for k in found.values()}, Level.VIEW, writer.context.created_people
        )
        by_number = {r.number: r for r in rows}
        for number, person in list(found.items()):
            if person.id in visible:
                continue
            row = by_number[number]
            if row.values.get("code"):
                writer.error(sheet.name, number, h["code"], hidden_code(row.values["code"]))
            else:
                writer.error(sheet.name, number, h.get("full_name"), hidden_name())
            del found[number]
    return found
