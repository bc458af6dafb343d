"""What every builder shares: the header block of the issuing organization, the place of the date line, the
signature, the recipients, and small helpers to make figures and tables.

The header follows the issuer (Guidance 36-HD/VPTW for party documents; the mass organizations write their
own heading in the same place): a party organization writes "ĐẢNG CỘNG SẢN VIỆT NAM" at the right; a People's
Council or Committee "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" over "Độc lập - Tự do - Hạnh phúc"; the Women's
Union and the Youth Union write the party's line too (they are organizations of the political system led by
the party; their documents in the article's district carry it) — an office that writes otherwise uploads its
own template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from nguon.areas.models import Area
from nguon.organizations.models import Organization

from ..context import Column, Figure, Header, Person, Signature, Table

PARTY_LINE = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_LINE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Area names lose their unit word in the date line: "Quận Hoàn Kiếm" → "Hoàn Kiếm".
UNIT_WORDS = ("Thành phố ", "Tỉnh ", "Quận ", "Huyện ", "Thị xã ", "Phường ", "Xã ", "Thị trấn ", "Đặc khu ")

# How an organization kind is abbreviated in a header ("HỘI LHPN QUẬN HOÀN KIẾM").
SHORT_NAMES = {
    "Hội Liên hiệp Phụ nữ": "Hội LHPN",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh": "Đoàn TNCS Hồ Chí Minh",
    "Thành phố": "TP",
}


def place_of(area: Area) -> str:
    """The place of the date line: the area's name without its unit word ("Hoàn Kiếm")."""
    name = area.name
    for word in UNIT_WORDS:
        if name.startswith(word):
            return name[len(word) :]
    return name


def short(name: str) -> str:
    for long, abbreviation in SHORT_NAMES.items():
        name = name.replace(long, abbreviation)
    return name


def upper(name: str) -> str:
    """Upper case that keeps the Vietnamese letters ("Hội LHPN quận Hoàn Kiếm" → "HỘI LHPN QUẬN HOÀN KIẾM")."""
    return name.upper()


def superior_of(organization: Organization, at: dt.date) -> Organization | None:
    """The organization of the same kind one level up (the district's Women's Union above a ward's), valid on
    ``at``: the parent if it has the kind, else the one of the same kind in the parent area."""
    parent = organization.parent
    if parent is not None and parent.kind == organization.kind:
        return parent
    area = organization.area.parent
    if area is None:
        return None
    return (
        Organization.objects.filter(area=area, kind=organization.kind)
        .filter(_valid_q(at))
        .order_by("id")
        .first()
    )


def _valid_q(at: dt.date) -> Any:
    from django.db.models import Q

    return (Q(valid_from__isnull=True) | Q(valid_from__lte=at)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=at)
    )


def header_for(
    *, issuer: Organization | None, area: Area, number: str, place: str, date: dt.date | None, at: dt.date
) -> Header:
    """The header block for a report issued by ``issuer`` (an organization) — or, without one, by the area's
    name (a report drawn up for an area by whoever runs Nguồn there)."""
    if issuer is None:
        return Header(issuer=upper(area.name), number=number, place=place or place_of(area), date=date)
    superior = superior_of(issuer, at)
    state = issuer.kind in ("peoples_council", "peoples_committee")
    return Header(
        issuer=upper(short(issuer.name)),
        superior=upper(short(superior.name)) if superior else "",
        number=number,
        national=STATE_LINE if state else PARTY_LINE,
        motto=STATE_MOTTO if state else "",
        place=place or place_of(area),
        date=date,
    )


def signature_for(params: Any, issuer: Organization | None) -> Signature:
    """ "TM. BAN THƯỜNG VỤ" / "CHỦ TỊCH" (a union) or "BÍ THƯ" (the Youth Union, a party committee), unless
    the request says otherwise; the name as given (blank: signed by hand)."""
    secretary = issuer is not None and issuer.kind in ("youth_union", "party", "grassroots_party")
    position = "BÍ THƯ" if secretary else "CHỦ TỊCH"
    return Signature(
        on_behalf=params.on_behalf or ("TM. BAN THƯỜNG VỤ" if issuer is not None else ""),
        position=params.signer_position or position,
        name=params.signer,
    )


def recipients_for(
    issuer: Organization | None, superior: str = "", at: dt.date | None = None
) -> tuple[str, ...]:
    """The usual "Nơi nhận" lines: the level above (to report), the partners, the archive. The level above is
    named as it is written ("Hội LHPN quận Hoàn Kiếm", acronyms kept): from the issuer's superior when there
    is an issuer, else ``superior`` as given."""
    lines = []
    above = superior_of(issuer, at or dt.date.today()) if issuer is not None else None
    name = short(above.name) if above is not None else superior
    if name:
        lines.append(f"- {name} (để báo cáo);")
    lines += ["- Các đơn vị phối hợp;", "- Lưu VP."]
    return tuple(lines)


def people_of(ids: Iterable[int], names: dict[int, str]) -> tuple[tuple[Person, ...], int]:
    """The people behind a figure: those named in ``names`` (the ids the reader's scope may see, with their
    names), sorted as given, and how many of ``ids`` are not named (counted, never named)."""
    ids = list(dict.fromkeys(ids))
    named = tuple(Person(i, names[i]) for i in ids if i in names)
    return named, len(ids) - len(named)


def figure(
    key: str,
    label: str,
    value: int | Decimal | None,
    text: str,
    unit: str = "",
    *,
    people: Sequence[Person] = (),
    hidden: int = 0,
) -> Figure:
    return Figure(
        key=key, label=label, value=value, text=text, unit=unit, people=tuple(people), hidden=hidden
    )


def table(
    key: str,
    caption: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    *,
    note: str = "",
    total_row: bool = False,
    display: Any = None,
) -> Table:
    """A table from raw values: ``display(value, column)`` formats each cell (default: Vietnamese numbers,
    shares "30,3%", dates dd/mm/yyyy, None "—")."""
    show = display or display_value
    return Table(
        key=key,
        caption=caption,
        columns=tuple(columns),
        rows=tuple(tuple(show(v, c) for v, c in zip(r, columns, strict=True)) for r in rows),
        values=tuple(tuple(r) for r in rows),
        note=note,
        total_row=total_row,
    )


def display_value(value: Any, column: Column) -> str:
    from nguon.core.formats import format_int, format_number, format_percent

    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if column.kind == "percent" and isinstance(value, int | float | Decimal):
        return format_percent(value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return format_int(value)
    if isinstance(value, float | Decimal):
        return format_number(value)
    return str(value)
