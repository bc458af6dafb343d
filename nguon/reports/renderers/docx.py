"""The Word renderer (docxtpl): the kind's template (an administrator's upload, else the default shipped in
``default_templates/``) filled from the context. Placeholder: being written."""

from __future__ import annotations

from dataclasses import dataclass

from ..context import ReportContext


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


def render_docx(context: ReportContext, *, template: bytes | None = None) -> bytes:
    raise NotImplementedError


def check_template(data: bytes, *, kind: str) -> list[TemplateProblem]:
    raise NotImplementedError
