"""The typed context of a report: what a builder gathers and every renderer consumes (STYLE.md: "Reports
separate data from format", after django-oscar's report generators and pretix's exporters).

A builder (``nguon.reports.builders``) returns a :class:`ReportContext`: the document's header block, title,
sections of paragraphs, tables and charts, the recipients and the signature, and — apart from the text — the
:class:`Figure` s the text was written from, each with the people behind it. The DOCX, XLSX, HTML and PDF
renderers (``nguon.reports.renderers``) read nothing but this context: no renderer queries the database.

The context is plain data and round-trips through JSON (:meth:`ReportContext.as_json` /
:meth:`ReportContext.from_json`): an issued report stores it, re-opens from it, and is compared figure by
figure with a context built again from today's data (``nguon.reports.services.report_compare``).

Every text is already Vietnamese, already formatted ("30,3%", "3.321", "25/09/2020"): renderers never
format a number. Numbers kept for comparison and for the XLSX annex stay numbers (``Figure.value``,
table cells).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Literal

import orjson

SCHEMA = 1  # the version of the JSON shape; from_json refuses another

ColumnKind = Literal["text", "int", "percent", "decimal", "date"]
ChartKind = Literal["bar_target", "series"]
ParagraphStyle = Literal["body", "bullet", "note", "quote"]


@dataclass(frozen=True)
class Person:
    """One person behind a figure, as the issuer's scope could name her (id and name at the time)."""

    id: int
    name: str


@dataclass(frozen=True)
class Figure:
    """One number the report states, with what it counts and who stands behind it.

    ``key`` is stable across builds of the same report (``"representation.grassroots-committee-women.value"``,
    ``"activities.total"``): the compare view matches figures by key. ``value`` is the number (int, Decimal or
    None when there is no data), ``text`` the way the report writes it ("hơn 33%", "615"). ``people`` are the
    people behind it whom the issuer's scope names; ``hidden`` counts the others (in the figure, never named).
    """

    key: str
    label: str
    value: int | Decimal | None
    text: str
    unit: str = ""  # "người", "%", "đồng", "hoạt động" … as the report says it
    people: tuple[Person, ...] = ()
    hidden: int = 0


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text (already Vietnamese). ``figures`` lists the keys it states."""

    text: str
    style: ParagraphStyle = "body"
    figures: tuple[str, ...] = ()
    bold_lead: str = ""  # a bold run before the text ("Một là, ")


@dataclass(frozen=True)
class Column:
    header: str
    kind: ColumnKind = "text"
    width: float = 0  # in centimetres for the DOCX; 0: shared equally


@dataclass(frozen=True)
class Table:
    """A table: its number and caption ("Bảng 1. …"), columns, rows of *display* strings, and the same rows
    as raw values for the XLSX annex (``values``: ints, Decimals, dates or text; same shape as ``rows``)."""

    key: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    values: tuple[tuple[Any, ...], ...] = ()
    note: str = ""  # under the table, italic ("Nguồn: …", "Số liệu tính đến ngày …")
    total_row: bool = False  # the last row is a total (bold)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """A chart drawn once by ``nguon.reports.charts`` (PNG for Word, SVG for the site).

    ``bar_target``: one bar per category (unit) per series, a horizontal target line at ``target``.
    ``series``: values over the categories (dates), a vertical dashed line before ``break_at`` (the index of
    the first category after a break in series, such as the 2025 reorganization) labelled ``break_label``.
    """

    key: str
    caption: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    y_label: str = ""
    percent: bool = True
    target: float | None = None
    target_label: str = ""
    break_at: int | None = None
    break_label: str = ""


Block = Paragraph | Table | Chart


@dataclass(frozen=True)
class Section:
    """A heading and its blocks; ``level`` 1 is "I. KẾT QUẢ …", 2 is "1. …", 3 is "a) …". ``number`` is
    written before the heading ("I.", "1.", "a)"); sections nest."""

    key: str
    heading: str
    number: str = ""
    level: int = 1
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Header:
    """The header block of a Vietnamese office document (Guidance 36-HD/VPTW; Decree 30/2020/NĐ-CP).

    Left: the superior (``superior``, may be empty) above the issuer (``issuer``, bold), then the number and
    symbol ("Số 12-BC/HPN"). Right: ``national`` — "ĐẢNG CỘNG SẢN VIỆT NAM" for party documents, or
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" with "Độc lập - Tự do - Hạnh phúc" (``motto``), or the
    organization's own heading — then the italic place-and-date line.
    """

    issuer: str
    superior: str = ""
    number: str = ""
    national: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    motto: str = ""
    place: str = ""
    date: dt.date | None = None

    @property
    def date_line(self) -> str:
        """ "Hoàn Kiếm, ngày 25 tháng 9 năm 2020" (an unset day stays blank for the hand: "ngày … tháng …")."""
        from .wording import date_line

        return date_line(self.place, self.date)


@dataclass(frozen=True)
class Signature:
    """The signature block: "TM. BAN THƯỜNG VỤ" / "CHỦ TỊCH" / (the name, after room for the seal)."""

    on_behalf: str = ""
    position: str = ""
    name: str = ""


@dataclass(frozen=True)
class ReportContext:
    """Everything a report says, as plain data (see the module's docstring)."""

    kind: str
    title: str  # "BÁO CÁO"
    subtitle: str  # "Tổng kết 5 năm thực hiện chương trình phối hợp … giai đoạn 2015 – 2020"
    header: Header
    sections: tuple[Section, ...]
    figures: tuple[Figure, ...] = ()
    recipients: tuple[str, ...] = ()  # "Nơi nhận:" lines ("- Thành Hội (để b/c);")
    signature: Signature = field(default_factory=Signature)
    params: dict[str, Any] = field(default_factory=dict)  # what was asked: area code, dates, programme id …
    area_code: str = ""
    area_name: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    at: dt.date | None = None  # the reference date of the figures
    built_at: dt.datetime | None = None
    notes: tuple[str, ...] = ()  # about the build itself: people counted but not named, missing data …

    # --- reading ---------------------------------------------------------------------------------------
    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def figures_by_key(self) -> dict[str, Figure]:
        return {f.key: f for f in self.figures}

    def walk(self) -> list[tuple[Section, Block]]:
        """Every block with its section, in reading order."""
        out: list[tuple[Section, Block]] = []

        def visit(section: Section) -> None:
            out.extend((section, b) for b in section.blocks)
            for s in section.sections:
                visit(s)

        for s in self.sections:
            visit(s)
        return out

    def tables(self) -> list[Table]:
        return [b for _, b in self.walk() if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for _, b in self.walk() if isinstance(b, Chart)]

    def headings(self) -> list[str]:
        """The headings in reading order, with their numbers ("I. ĐẶC ĐIỂM TÌNH HÌNH")."""
        out: list[str] = []

        def visit(section: Section) -> None:
            out.append(f"{section.number} {section.heading}".strip())
            for s in section.sections:
                visit(s)

        for s in self.sections:
            visit(s)
        return out

    def person_ids(self) -> set[int]:
        return {p.id for f in self.figures for p in f.people}

    # --- JSON --------------------------------------------------------------------------------------------
    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = _plain(asdict(self))
        data["schema"] = SCHEMA
        return data

    def dumps(self) -> bytes:
        """The canonical JSON (sorted keys): what an issued report stores and hashes."""
        return orjson.dumps(self.as_json(), option=orjson.OPT_SORT_KEYS)

    def sha256(self) -> str:
        return hashlib.sha256(self.dumps()).hexdigest()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportContext:
        if data.get("schema") != SCHEMA:
            raise ValueError(f"report context schema {data.get('schema')!r}, expected {SCHEMA}")
        return ReportContext(
            kind=data["kind"],
            title=data["title"],
            subtitle=data["subtitle"],
            header=Header(**{**data["header"], "date": _date(data["header"].get("date"))}),
            sections=tuple(_section(s) for s in data["sections"]),
            figures=tuple(_figure(f) for f in data.get("figures", ())),
            recipients=tuple(data.get("recipients", ())),
            signature=Signature(**data.get("signature", {})),
            params=dict(data.get("params", {})),
            area_code=data.get("area_code", ""),
            area_name=data.get("area_name", ""),
            start=_date(data.get("start")),
            end=_date(data.get("end")),
            at=_date(data.get("at")),
            built_at=dt.datetime.fromisoformat(data["built_at"]) if data.get("built_at") else None,
            notes=tuple(data.get("notes", ())),
        )


# --- JSON helpers ------------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    """Dataclass dicts → JSON: Decimals as {"$d": "30.3"} (exact, told apart from floats and ints), dates as
    ISO strings, tuples as lists; a block records its type."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return {"$d": f"{value.normalize():f}"}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    return value


def _value(value: Any) -> Any:
    if isinstance(value, dict) and "$d" in value:
        return Decimal(value["$d"])
    if isinstance(value, dict) and "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if isinstance(value, list):
        return tuple(_value(v) for v in value)
    return value


def _date(value: Any) -> dt.date | None:
    v = _value(value)
    if isinstance(v, str):
        return dt.date.fromisoformat(v)
    return v if isinstance(v, dt.date) else None


def _figure(d: dict[str, Any]) -> Figure:
    return Figure(
        key=d["key"],
        label=d["label"],
        value=_value(d["value"]),
        text=d["text"],
        unit=d.get("unit", ""),
        people=tuple(Person(**p) for p in d.get("people", ())),
        hidden=d.get("hidden", 0),
    )


def _block(d: dict[str, Any]) -> Block:
    if "columns" in d:
        return Table(
            key=d["key"],
            caption=d["caption"],
            columns=tuple(Column(**c) for c in d["columns"]),
            rows=tuple(tuple(r) for r in d["rows"]),
            values=tuple(tuple(_value(v) for v in r) for r in d.get("values", ())),
            note=d.get("note", ""),
            total_row=d.get("total_row", False),
        )
    if "categories" in d:
        return Chart(
            **{
                **d,
                "categories": tuple(d["categories"]),
                "series": tuple(Series(s["name"], tuple(s["values"])) for s in d["series"]),
            }
        )
    return Paragraph(
        text=d["text"],
        style=d.get("style", "body"),
        figures=tuple(d.get("figures", ())),
        bold_lead=d.get("bold_lead", ""),
    )


def _section(d: dict[str, Any]) -> Section:
    return Section(
        key=d["key"],
        heading=d["heading"],
        number=d.get("number", ""),
        level=d.get("level", 1),
        blocks=tuple(_block(b) for b in d.get("blocks", ())),
        sections=tuple(_section(s) for s in d.get("sections", ())),
    )
