"""The Word renderer (docxtpl on python-docx): the kind's template filled from a :class:`ReportContext`.

The template (an administrator's upload, else the default shipped in ``default_templates/<kind>.docx``,
written by ``scripts/report-templates`` from :func:`default_template`) holds the page setup — A4, the margins
of Decree 30/2020/NĐ-CP, Times New Roman 14, the page number centred at the top from page 2 — and the fixed
layout. The body is built here with python-docx into a docxtpl ``Subdoc`` and put at ``{{p body}}``: the
header block, the title, the sections with their paragraphs, tables and charts, then the recipients and the
signature side by side. Every run carries its font directly (ascii, hAnsi, eastAsia and cs), so a custom
template whose default font is another still prints the body in Times New Roman.

A template also sees ``title``, ``subtitle``, ``header``, ``signature``, ``recipients``, ``area_name`` and
``figures`` (key → :class:`~nguon.reports.context.Figure`): ``{{ figures["activities.total"].text }}``.

A template is checked before it is used (:func:`check_template`): not a Word file, a tag that does not parse,
an unknown variable or no ``{{p body}}`` gives :class:`TemplateProblem` s in Vietnamese naming the tag and the
paragraph (counted from the top of the document, the way an office finds it), and :func:`render_docx`
raises :class:`TemplateError` rather than return a broken file.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import io
import re
import traceback
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate
from lxml import etree

from ..context import (
    Figure,
    Header,
    Paragraph,
    ReportContext,
    Section,
    Signature,
)
from . import wordml
from .wordml import (
    BODY_SIZE,
    FONT,
    MARGINS_MM,
    PAGE_WIDTH_MM,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "default_templates"
KINDS = ("programme_review", "representation", "pipeline", "annual_activity")

PAGE_HEIGHT_MM = 297
BODY_TAG = re.compile(r"\{\{\s*p\s+body\s*\}\}")
BARE_BODY = re.compile(r"\{\{-?\s*(?:r\s+)?body\b")  # the body inside a run: a broken file


# --- problems ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TemplateProblem:
    """What is wrong in a template, in Vietnamese: the tag and where (paragraph, or table cell)."""

    message: str
    tag: str = ""
    where: str = ""


class TemplateError(ValueError):
    def __init__(self, problems: list[TemplateProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


# --- rendering ------------------------------------------------------------------------------------------------
def default_template_path(kind: str) -> Path:
    return TEMPLATES / f"{kind}.docx"


def render_docx(context: ReportContext, *, template: bytes | None = None) -> bytes:
    """The report as a .docx. ``template``: an uploaded template (checked first), else the kind's default.

    Raises :class:`TemplateError` when the template is not usable; never returns a broken file."""
    if template is None:
        path = default_template_path(context.kind)
        data = path.read_bytes() if path.exists() else default_template()
    else:
        data = template
        problems = _check(data, figures=context.figures_by_key(), kind=context.kind, full=False)
        if problems:
            raise TemplateError(problems)
    return _render(data, context)


def _render(data: bytes, context: ReportContext, *, figures: dict[str, Figure] | None = None) -> bytes:
    if figures is None and not context.charts():
        frame = _frame(data)
        if frame is not None:
            try:
                return frame.fill(context)
            except _NotInFrame:
                pass  # a value the frame cannot hold: the whole render says what is wrong
    return _full_render(data, context, figures=figures)


def _full_render(data: bytes, context: ReportContext, *, figures: dict[str, Figure] | None = None) -> bytes:
    tpl = DocxTemplate(io.BytesIO(data))
    body = Body(tpl, context)
    values = template_values(
        context, body=body, figures=context.figures_by_key() if figures is None else figures
    )
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(values, jinja_env=env, autoescape=True)
    except jinja2.UndefinedError as error:
        raise TemplateError(_undefined_problems(data, values, error)) from error
    except jinja2.TemplateError as error:
        raise TemplateError(_undefined_problems(data, values, error)) from error
    out = io.BytesIO()
    try:
        tpl.save(out)
        _parse(out.getvalue())  # a file Word can open, or no file
    except Exception as error:
        raise TemplateError(
            [TemplateProblem(_("The template's tags break the structure of the Word file; check the tags."))]
        ) from error
    return out.getvalue()


def _parse(data: bytes) -> None:
    """Raises when a part docxtpl rewrote (the body, the headers and footers) does not parse."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name):
                etree.fromstring(archive.read(name))


# --- the frame: a template rendered once, filled by substitution ------------------------------------------------
# docxtpl reads the template, runs jinja over each part and writes the package again for every report: some
# 100 ms, most of a commune's one-page report, paid 3.321 times by the batch of every commune. A template
# whose tags are only values (``{{ title }}``, ``{{ header.issuer }}``, ``{{ figures["k"].text }}``,
# ``{{p body}}``: no ``{% … %}``, no filter) is rendered once with markers in place of the values; a report
# is then that frame with its own values (escaped as jinja escapes them) in place of the markers. Any other
# template, and a report with charts (their pictures are parts of the package), takes the whole render.
_SIMPLE_TAG = re.compile(
    r"""\{\{-?\s*(?:p\s+body|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\s*(?:"[^"{}]*"|'[^'{}]*'|\d+)\s*\])*)\s*-?\}\}"""
)
_MARK = re.compile("\ue000(\\d+)\ue001")
_ESCAPED = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")  # docxtpl writes them "{{", "}}", "{%", "%}" everywhere
_NOT_PLAIN = re.compile(f"[\t\n\r]|{wordml.NOT_XML.pattern}|{_ESCAPED.pattern}")


class _NotInFrame(Exception):
    """A report's value the frame cannot resolve or write as the whole render would (the whole render then
    gives the template's problem, or writes the value)."""


class _Marker:
    """A template value standing for its path (``header.issuer``): ``str`` gives its marker."""

    def __init__(self, paths: list[tuple[Any, ...]], path: tuple[Any, ...]) -> None:
        self._paths = paths
        self._path = path

    def __getattr__(self, name: str) -> _Marker:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Marker(self._paths, (*self._path, ("attr", name)))

    def __getitem__(self, key: Any) -> _Marker:
        return _Marker(self._paths, (*self._path, ("item", key)))

    def __str__(self) -> str:
        self._paths.append(self._path)
        return f"\ue000{len(self._paths) - 1}\ue001"

    def __html__(self) -> str:
        return str(self)


def _attribute(value: Any, key: Any) -> Any:
    return getattr(value, key)


def _item(value: Any, key: Any) -> Any:
    return value[key]


def _resolve(values: dict[str, Any], path: tuple[Any, ...]) -> Any:
    """What jinja would find at ``path``: ``a.b`` tries the attribute then the item, ``a["b"]`` the item
    then the attribute."""
    value: Any = values[path[0]]
    for how, key in path[1:]:
        order = (_attribute, _item) if how == "attr" else (_item, _attribute)
        try:
            value = order[0](value, key)
        except (AttributeError, KeyError, IndexError, TypeError):
            try:
                value = order[1](value, key)
            except (AttributeError, KeyError, IndexError, TypeError) as error:
                raise _NotInFrame(path) from error
    return value


@dataclass
class _Frame:
    """The template's package rendered with markers: its constant parts already compressed (``prefix``, a
    ZIP of them in their order), and the parts with markers as text pieces and paths."""

    prefix: bytes
    variable: list[tuple[zipfile.ZipInfo, list[str | tuple[Any, ...]]]]

    def fill(self, context: ReportContext) -> bytes:
        # the values uncleaned: each is cleaned once it is text, below
        values = template_values(context, body=None, figures=context.figures_by_key(), clean=False)
        body = Body(None, context).xml
        if _ESCAPED.search(body):
            raise _NotInFrame(("body",))
        out = io.BytesIO(self.prefix)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
            for info, content in self.variable:
                pieces: list[str] = []
                for piece in content:
                    if isinstance(piece, str):
                        pieces.append(piece)
                    elif piece == ("body",):
                        pieces.append(body)
                    else:
                        value = _resolve(values, piece)
                        if value is None or isinstance(value, jinja2.Undefined):
                            raise _NotInFrame(piece)
                        text = str(value)
                        # what the whole render changes (control characters dropped, tabs and breaks made
                        # Word's, docxtpl's "{_{" made "{{"): its render, so that the two never differ
                        if _NOT_PLAIN.search(text):
                            raise _NotInFrame(piece)
                        # as lxml writes text (the whole render's last step): only &, < and > escaped
                        pieces.append(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                # well-formed by construction: the frame's pieces parsed once with their markers, a value is
                # escaped text and the body the writer's escaped XML (property test: test_docx)
                archive.writestr(info, "".join(pieces).encode())
        return out.getvalue()


_FRAMES: dict[str, _Frame | None] = {}


def _frame(data: bytes) -> _Frame | None:
    """The template's frame (None when its tags are more than values); kept per template's hash."""
    key = hashlib.sha256(data).hexdigest()
    if key not in _FRAMES:
        if len(_FRAMES) >= 16:
            _FRAMES.clear()
        _FRAMES[key] = _build_frame(data)
    return _FRAMES[key]


def _tags_elsewhere(data: bytes) -> bool:
    """Whether docxtpl's other parts (the document's properties, footnotes, endnotes) hold anything like a
    tag: the frame reads only the body, headers and footers, so such a template takes the whole render."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name == "docProps/core.xml" or re.match(r"word/(footnotes|endnotes)\.xml$", name):
                content = archive.read(name)
                if b"{" in content or b"\xee\x80" in content:  # a tag's brace, or a marker's U+E000/E001
                    return True
    return False


def _build_frame(data: bytes) -> _Frame | None:
    try:
        texts = "\n".join(line.text for lines in _parts(data) for line in lines)
    except Exception:
        return None
    if "{%" in texts or "{#" in texts or "\ue000" in texts or "\ue001" in texts:
        return None
    if _tags_elsewhere(data):
        return None
    if _SIMPLE_TAG.sub("", texts).count("{{") or "}}" in _SIMPLE_TAG.sub("", texts):
        return None
    paths: list[tuple[Any, ...]] = []
    names = ("title", "subtitle", "header", "signature", "recipients", "area_name", "figures")
    values: dict[str, Any] = {name: _Marker(paths, (name,)) for name in names}
    values["body"] = _Marker(paths, ("body",))
    tpl = DocxTemplate(io.BytesIO(data))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(values, jinja_env=env, autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
    except Exception:
        return None
    prefix = io.BytesIO()
    variable: list[tuple[zipfile.ZipInfo, list[str | tuple[Any, ...]]]] = []
    with (
        zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive,
        zipfile.ZipFile(prefix, "w", zipfile.ZIP_DEFLATED) as constant,
    ):
        for info in archive.infolist():
            content = archive.read(info)
            if b"\xee\x80\x80" not in content:  # U+E000 in UTF-8: no marker in this part
                constant.writestr(info, content)
                continue
            try:
                etree.fromstring(content)  # the pieces around the markers make a well-formed part
            except etree.XMLSyntaxError:
                return None
            xml = content.decode()
            for found in _MARK.finditer(xml):
                if xml.rfind("<", 0, found.start()) > xml.rfind(">", 0, found.start()):
                    return None  # a value in an attribute: escaped otherwise, the whole render's
            pieces: list[str | tuple[Any, ...]] = []
            for i, piece in enumerate(_MARK.split(xml)):
                pieces.append(piece if i % 2 == 0 else paths[int(piece)])
            variable.append((info, pieces))
    return _Frame(prefix.getvalue(), variable)


def _clean(value: Any) -> Any:
    """``value`` without the control characters no Word file may hold (a name pasted from another program):
    strings, and the strings of a header, a signature or a figure."""
    if isinstance(value, str):
        return wordml.NOT_XML.sub("", value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: wordml.NOT_XML.sub("", v)
            for f in dataclasses.fields(value)
            if isinstance(v := getattr(value, f.name), str) and wordml.NOT_XML.search(v)
        }
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _same(value: Any) -> Any:
    return value


def template_values(
    context: ReportContext, *, body: Any, figures: dict[str, Figure], clean: bool = True
) -> dict[str, Any]:
    """What a template may use (documented in the module's docstring); ``clean``: without the control
    characters no Word file may hold."""
    cleaned = _clean if clean else _same
    if clean and not isinstance(figures, _AnyFigures):
        figures = {key: _clean(f) for key, f in figures.items()}
    return {
        "body": body,
        "title": cleaned(context.title),
        "subtitle": cleaned(context.subtitle),
        "header": cleaned(context.header),
        "signature": cleaned(context.signature),
        "recipients": [cleaned(r) for r in context.recipients],
        "area_name": cleaned(context.area_name),
        "figures": figures,
    }


# --- the body -------------------------------------------------------------------------------------------------
class Body:
    """What ``{{p body}}`` renders: the body's WordprocessingML (:mod:`.wordml`), its charts' pictures added
    to the template's own document as image parts. (docxtpl's ``Subdoc`` module imports docxcompose, which
    the project does not install, and opens a second document for each report.)"""

    def __init__(self, tpl: DocxTemplate | None, context: ReportContext) -> None:
        part = tpl.get_docx().part if tpl is not None else None
        pictures = 0

        def image(png: bytes, width: int) -> str:
            nonlocal pictures
            if part is None:
                raise ValueError("a chart needs the document's image parts")
            pictures += 1
            # docxtpl numbers the pictures' ids when it saves
            inline = part.new_pic_inline(io.BytesIO(png), width, None)
            inline.find(qn("wp:docPr")).set("name", f"Biểu đồ {pictures}")
            return str(etree.tostring(inline, encoding="unicode"))

        self.xml = wordml.body_xml(context, image)

    def __str__(self) -> str:
        return self.xml

    def __html__(self) -> str:
        return self.xml


_RUN_PROPERTIES: dict[tuple[float, bool, bool], Any] = {}


def _font(run: Any, *, size: float = BODY_SIZE, bold: bool = False, italic: bool = False) -> None:
    """Times New Roman for every script (ascii, hAnsi, eastAsia, cs: Word and LibreOffice pick the font of a
    Vietnamese letter by its script), the size, bold and italic — one run's properties, built once per kind
    and copied (python-docx's setters took most of a report's time)."""
    key = (size, bold, italic)
    if key not in _RUN_PROPERTIES:
        half_points = str(int(size * 2))
        fonts = " ".join(f'w:{a}="{FONT}"' for a in ("ascii", "hAnsi", "eastAsia", "cs"))
        _RUN_PROPERTIES[key] = parse_xml(
            f"<w:rPr {nsdecls('w')}><w:rFonts {fonts}/>"
            + ("<w:b/><w:bCs/>" if bold else "")
            + ("<w:i/><w:iCs/>" if italic else "")
            + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
        )
    r = run._r
    if r.rPr is not None:
        r.remove(r.rPr)
    r.insert(0, copy.deepcopy(_RUN_PROPERTIES[key]))


# The order of the children Word's schema requires (Word refuses a file whose properties are out of order).
_ORDER = {
    "rPr": [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ],
    "pPr": [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ],
    "tblPr": [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
    ],
    "trPr": [
        "cnfStyle",
        "divId",
        "gridBefore",
        "gridAfter",
        "wBefore",
        "wAfter",
        "cantSplit",
        "trHeight",
        "tblHeader",
        "tblCellSpacing",
        "jc",
        "hidden",
    ],
}


def _set(parent: Any, tag: str, value: str | None) -> Any:
    """The child ``tag`` of ``parent`` (created in its schema's place if absent), its w:val set to ``value``."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        order = _ORDER.get(etree.QName(parent).localname, [])
        name = tag.split(":", 1)[1]
        successors = set(order[order.index(name) + 1 :]) if name in order else set()
        following = next((c for c in parent if etree.QName(c).localname in successors), None)
        if following is not None:
            following.addprevious(element)
        else:
            parent.append(element)
    if value is not None:
        element.set(qn("w:val"), value)
    return element


# --- the default template ------------------------------------------------------------------------------------
def default_template() -> bytes:
    """The default template every kind shares (``scripts/report-templates`` writes it to default_templates/):
    the page setup, Times New Roman 14 for Vietnamese, the page number at the top from page 2, and the body."""
    doc = Document()
    props = doc.core_properties
    props.author = "Nguồn"
    props.last_modified_by = "Nguồn"
    props.title = "Báo cáo"
    props.subject = ""
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = "vi-VN"
    props.created = dt.datetime(2026, 1, 1)
    props.modified = dt.datetime(2026, 1, 1)
    props.revision = 1

    normal = doc.styles["Normal"]
    # no paragraph's first or last line alone at a page's edge (absent, the property is off in Word and
    # LibreOffice alike; Word's own Normal template has it on)
    normal.paragraph_format.widow_control = True
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    _set(rpr, "w:szCs", str(BODY_SIZE * 2))
    lang = _set(rpr, "w:lang", "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "vi-VN")
    # the document defaults too: what a run without a style falls back to
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in defaults.iter(qn("w:rFonts")):
            for attribute in list(fonts.attrib):
                del fonts.attrib[attribute]
            for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attribute), FONT)
        for lang in defaults.iter(qn("w:lang")):
            for attribute in ("w:val", "w:eastAsia", "w:bidi"):
                lang.set(qn(attribute), "vi-VN")

    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        for attribute in ("w:val", "w:eastAsia"):
            theme.set(qn(attribute), "vi-VN")

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    page = section.header.paragraphs[0]
    page.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(page)
    section.first_page_header.paragraphs[0].text = ""

    for p in doc.paragraphs:
        p._p.getparent().remove(p._p)
    body = doc.add_paragraph()
    body.add_run("{{p body}}")
    _slim(doc)
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue())


# python-docx's blank document carries parts no report needs: the preview picture of another document (a file
# manager would show it as the report's thumbnail), Word 2010's copy of the styles, some 160 styles and lists
_DROPPED_RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    # lists of the blank document's list styles, which go with them (the body writes no numbered list; Word
    # makes the part again when an office adds a list to its template)
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering",
)


def _slim(doc: DocxDocument) -> None:
    """Without those parts, and only the styles the template uses (the defaults, the page number's "Header",
    what they are based on or linked to): an office editing it in Word still has every built-in style."""
    for rels in (doc.part.package.rels, doc.part.rels):
        for key, rel in list(rels.items()):
            if rel.reltype in _DROPPED_RELATIONSHIPS:
                rels.pop(key)
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    wanted = [i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true")] + ["Header", "Footer"]
    kept: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in kept or style_id not in by_id:
            continue
        kept.add(style_id)
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = by_id[style_id].find(qn(tag))
            if ref is not None:
                wanted.append(ref.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in kept:
            styles.remove(style)


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed dates, so the committed templates only change when the layout does."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _page_field(paragraph: DocxParagraph) -> None:
    """A PAGE field (the page's number) in the paragraph."""

    def char(kind: str) -> Any:
        run = paragraph.add_run()
        _font(run, size=BODY_SIZE)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run

    char("begin")
    run = paragraph.add_run()
    _font(run, size=BODY_SIZE)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    char("separate")
    _font(paragraph.add_run("2"), size=BODY_SIZE)
    char("end")


# --- checking a template --------------------------------------------------------------------------------------
def check_template(data: bytes, *, kind: str) -> list[TemplateProblem]:
    """What is wrong with an uploaded template for ``kind`` (empty: it can be used)."""
    return _check(data, figures=None, kind=kind, full=True)


class _AnyFigures(dict[str, Figure]):
    """The figures of a sample report: any key is a figure (the keys depend on the data, not the template)."""

    def __missing__(self, key: str) -> Figure:
        return Figure(key=key, label="Số liệu mẫu", value=Decimal("33.3"), text="hơn 33%", unit="%")


def sample_context(kind: str = "programme_review") -> ReportContext:
    """A small context to try a template on."""
    return ReportContext(
        kind=kind,
        title="BÁO CÁO",
        subtitle="Báo cáo mẫu",
        header=Header(
            issuer="HỘI LHPN QUẬN HOÀN KIẾM",
            superior="HỘI LHPN THÀNH PHỐ HÀ NỘI",
            number="Số 12-BC/HPN",
            place="Hoàn Kiếm",
            date=dt.date(2020, 9, 25),
        ),
        sections=(Section(key="mau", heading="NỘI DUNG MẪU", number="I.", blocks=(Paragraph("Đoạn mẫu."),)),),
        recipients=("- Lưu VP.",),
        signature=Signature(on_behalf="TM. BAN THƯỜNG VỤ", position="CHỦ TỊCH", name="Nguyễn Thị Mẫu"),
        area_name="Quận Hoàn Kiếm",
    )


@dataclass(frozen=True)
class _Line:
    where: str
    text: str


def _parts(data: bytes) -> list[list[_Line]]:
    """The template's parts docxtpl fills one by one (the body, then the headers and footers), each as its
    paragraphs in order, with where each is and its text as docxtpl reads it (runs joined)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        parts = [("word/document.xml", _("Paragraph %(n)s"))]
        parts += [
            (n, _("Page header, paragraph %(n)s"))
            for n in sorted(names)
            if re.match(r"word/header\d*\.xml$", n)
        ]
        parts += [
            (n, _("Page footer, paragraph %(n)s"))
            for n in sorted(names)
            if re.match(r"word/footer\d*\.xml$", n)
        ]
        out: list[list[_Line]] = []
        for name, label in parts:
            root = etree.fromstring(archive.read(name))
            out.append(
                [
                    _Line(label % {"n": n}, "".join(t.text or "" for t in p.iter(qn("w:t"))))
                    for n, p in enumerate(root.iter(qn("w:p")), start=1)
                ]
            )
    return out


_PREFIX = re.compile(r"(\{[{%])\s*-?\s*(?:p|r|tr|tc|cellbg|colspan|vm|hm)\s")


def _jinja_text(lines: list[_Line]) -> str:
    """One template line per paragraph (so jinja's line numbers are paragraphs), docxtpl's p/r/tr/tc
    prefixes dropped as docxtpl itself does."""
    return "\n".join(_PREFIX.sub(r"\1 ", line.text) for line in lines)


_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{.*|\{%.*")


def _tag_in(text: str, hint: str = "") -> str:
    tags = _TAG.findall(text)
    for tag in tags:
        if hint and hint in tag:
            return str(tag).strip()
    for tag in tags:
        try:
            jinja2.Environment().parse(_PREFIX.sub(r"\1 ", tag))
        except jinja2.TemplateSyntaxError:
            return str(tag).strip()
    return tags[0].strip() if tags else text.strip()[:60]


def _check(data: bytes, *, figures: dict[str, Figure] | None, kind: str, full: bool) -> list[TemplateProblem]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return [TemplateProblem(_("The file is not a Word document (.docx); save the template as .docx."))]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                return [
                    TemplateProblem(_("The file is not a Word document (.docx); save the template as .docx."))
                ]
        parts = _parts(data)
    except Exception:
        return [TemplateProblem(_("The Word file is damaged and cannot be read."))]

    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    compiled: list[tuple[jinja2.Template, list[_Line]]] = []
    problems: list[TemplateProblem] = []
    for lines in parts:
        try:
            compiled.append((env.from_string(_jinja_text(lines)), lines))
        except jinja2.TemplateSyntaxError as error:
            problems.append(_syntax_problem(lines, error))
    if problems:
        return problems
    if not any(BODY_TAG.search(line.text) for line in parts[0]):
        problems.append(
            TemplateProblem(
                _(
                    "The template has no {{p body}} tag: put it in a paragraph of its own where the report goes."
                ),
                tag="{{p body}}",
            )
        )
    for lines in parts:
        for line in lines:
            if BARE_BODY.search(line.text):
                text = _(
                    "%(where)s: write the body's tag as {{p body}} (with the p), in a paragraph of its own."
                )
                problems.append(
                    TemplateProblem(text % {"where": line.where}, tag="{{ body }}", where=line.where)
                )
    if problems:
        return problems
    context = sample_context(kind)
    values = template_values(context, body="", figures=figures if figures is not None else _AnyFigures())
    for template, lines in compiled:
        problems += _render_text(template, lines, values)
    if problems or not full:
        return problems
    # the whole file, filled with a sample: the tags must not break Word's structure
    try:
        _render(data, context, figures=_AnyFigures())
    except TemplateError as error:
        return error.problems
    return []


def _syntax_problem(lines: list[_Line], error: jinja2.TemplateSyntaxError) -> TemplateProblem:
    index = min(max((error.lineno or 1) - 1, 0), len(lines) - 1) if lines else 0
    while index > 0 and not _TAG.search(lines[index].text):  # an error at the end: the last tag before it
        index -= 1
    line = lines[index] if lines else _Line("", "")
    message = error.message or ""
    if message.startswith("Unexpected end of template"):
        block = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
        name = block.group(1) if block else ""
        opener = _last_opening(lines, index, name)
        if opener is not None:
            line = lines[opener]
        tag = _tag_in(line.text, name)
        text = _("%(where)s: the tag '%(tag)s' is never closed (its {%% end%(name)s %%} is missing).")
        return TemplateProblem(
            text % {"where": line.where, "tag": tag, "name": name}, tag=tag, where=line.where
        )
    unknown = re.search(r"unknown tag '(\w+)'", message)
    tag = _tag_in(line.text, unknown.group(1) if unknown else "")
    if unknown:
        text = _("%(where)s: the tag '%(tag)s' is not a known tag (or it closes nothing).")
    elif tag.startswith(("{{", "{%")) and not tag.endswith(("}}", "%}")):
        text = _("%(where)s: the tag '%(tag)s' is not closed.")
    else:
        text = _("%(where)s: the tag '%(tag)s' is not closed or is written wrong.")
    return TemplateProblem(text % {"where": line.where, "tag": tag}, tag=tag, where=line.where)


def _last_opening(lines: list[_Line], index: int, name: str) -> int | None:
    if not name:
        return None
    pattern = re.compile(r"\{%-?\s*(?:p|r|tr|tc)?\s*" + re.escape(name) + r"\b")
    for i in range(min(index, len(lines) - 1), -1, -1):
        if pattern.search(lines[i].text):
            return i
    return None


class _Blank:
    """Stands for an unknown variable already reported, so the check goes on to the next one."""

    def __getattr__(self, name: str) -> _Blank:
        return self

    def __getitem__(self, key: Any) -> _Blank:
        return self

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __str__(self) -> str:
        return ""


def _render_text(
    compiled: jinja2.Template, lines: list[_Line], values: dict[str, Any]
) -> list[TemplateProblem]:
    problems: list[TemplateProblem] = []
    values = dict(values)
    for _attempt in range(20):
        try:
            compiled.render(values)
            return problems
        except jinja2.UndefinedError as error:
            problem, name = _undefined(lines, error)
            problems.append(problem)
            if not name or name in values:
                return problems
            values[name] = _Blank()
        except Exception as error:
            line = _line_of(lines, error)
            tag = _tag_in(line.text) if line else ""
            text = _("%(where)s: the tag '%(tag)s' cannot be filled.")
            where = line.where if line else ""
            problems.append(TemplateProblem(text % {"where": where, "tag": tag}, tag=tag, where=where))
            return problems
    return problems


def _line_of(lines: list[_Line], error: BaseException) -> _Line | None:
    numbers = [
        f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == "<template>" and f.lineno
    ]
    if not numbers or not lines:
        return None
    return lines[min(max(numbers[-1] - 1, 0), len(lines) - 1)]


def _undefined(lines: list[_Line], error: jinja2.UndefinedError) -> tuple[TemplateProblem, str]:
    """The problem of an unknown variable, and the top-level name to stand in for (empty: an attribute)."""
    message = str(error.message or "")
    line = _line_of(lines, error) or _Line("", "")
    top = re.match(r"'([^']+)' is undefined", message)
    attribute = re.search(r"has no attribute '([^']*)'", message) or re.search(
        r"has no element '([^']*)'", message
    )
    name = top.group(1) if top else attribute.group(1) if attribute else ""
    tag = _tag_in(line.text, name)
    if attribute and "figures" in tag and name not in ("text", "label", "value", "unit", "people", "hidden"):
        text = _("%(where)s: the tag '%(tag)s' names the figure '%(name)s', which this report does not have.")
    else:
        text = _("%(where)s: the tag '%(tag)s' uses '%(name)s', which a report does not have.")
    problem = TemplateProblem(
        text % {"where": line.where, "tag": tag, "name": name}, tag=tag, where=line.where
    )
    return problem, name if top else ""


def _undefined_problems(
    data: bytes, values: dict[str, Any], error: jinja2.TemplateError
) -> list[TemplateProblem]:
    """Where the render with the real context met an unknown name (docxtpl's lines are not paragraphs)."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    for lines in _parts(data):
        try:
            compiled = env.from_string(_jinja_text(lines))
        except jinja2.TemplateSyntaxError as syntax:
            return [_syntax_problem(lines, syntax)]
        problems = _render_text(compiled, lines, {**values, "body": ""})
        if problems:
            return problems
    return [TemplateProblem(_("The template cannot be filled with this report; check its tags."))]
