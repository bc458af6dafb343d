"""Errors as JSON, in Vietnamese, with the field they concern.

Validation (ninja's own, of the request's shape, and the services' ``ValidationError``) answers 422 with
``{"detail": [{"field": "birth_date", "message": "…"}]}``; a missing login 401, a refusal 403 and an object
outside the caller's scope (or none at all) 404, each with ``{"detail": "…"}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

#: The parts of a location that name where a value came from, not which field it is.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class FieldError(Schema):
    field: str | None
    message: str


class ValidationErrorSchema(Schema):
    """422: what was refused, field by field (``field`` null: the request as a whole)."""

    detail: list[FieldError]


class ErrorSchema(Schema):
    """401, 403, 404: why, in Vietnamese."""

    detail: str


def field_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's errors (as ninja gives them) as ``{"field", "message"}`` in Vietnamese."""
    found = []
    for error in errors:
        found.append({"field": _field(error.get("loc", ())), "message": pydantic_message(error)})
    return found


def _field(loc: Iterable[Any]) -> str | None:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        if source == "body" and len(parts) > 1:
            parts.pop(0)  # the name of the body parameter ("payload")
        elif source == "body":
            return None
    return ".".join(parts) or None


def pydantic_message(error: Mapping[str, Any]) -> str:
    """The Vietnamese message for one pydantic error (its ``type`` and ``ctx``)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing"):
        return _("Enter a number.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind in ("string_type",):
        return _("Enter text.")
    if kind == "string_too_short":
        return _("Enter at least %(n)s characters.") % {"n": ctx.get("min_length", 1)}
    if kind == "string_too_long":
        return _("Enter at most %(n)s characters.") % {"n": ctx.get("max_length", "")}
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Enter a date as day/month/year, e.g. 25/09/2020 (or 2020-09-25).")
    if kind in ("enum", "literal_error"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter a value of at least %(n)s.") % {"n": ctx.get("ge", ctx.get("gt", ""))}
    if kind in ("less_than_equal", "less_than"):
        return _("Enter a value of at most %(n)s.") % {"n": ctx.get("le", ctx.get("lt", ""))}
    if kind in ("json_invalid", "model_attributes_type", "dict_type", "model_type"):
        return _("The request body is not a JSON object of the expected shape.")
    if kind in ("list_type", "tuple_type"):
        return _("Enter a list.")
    if kind == "extra_forbidden":
        return _("This field is not known.")
    return _("This value is not valid.")


def service_errors(error: DjangoValidationError) -> list[dict[str, Any]]:
    """A service's ``ValidationError`` (Vietnamese messages by field) as ``{"field", "message"}``."""
    if hasattr(error, "error_dict"):
        return [
            {"field": None if field == "__all__" else field, "message": message}
            for field, errors in error.message_dict.items()
            for message in errors
        ]
    return [{"field": None, "message": message} for message in error.messages]


def is_stale(error: DjangoValidationError) -> bool:
    """Whether a service refused a write because the record changed since its version was read."""
    found = error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]
    return any(getattr(e, "code", None) == "stale" for errors in found for e in errors)


def install(api: NinjaAPI) -> None:
    """Register the handlers on ``api`` (over ninja's English defaults)."""

    def respond(request: HttpRequest, data: Any, status: int) -> HttpResponse:
        return api.create_response(request, data, status=status)

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, {"detail": field_errors(exc.errors)}, 422)

    def on_service_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        if is_stale(exc):  # someone else changed the record since the caller read its version
            detail = [{"field": "version", "message": m} for m in exc.messages]
            return respond(request, {"detail": detail}, 409)
        return respond(request, {"detail": service_errors(exc)}, 422)

    def on_authentication(request: HttpRequest, exc: Any) -> HttpResponse:
        message = _("Log in, or send a personal API token: Authorization: Bearer <token>.")
        return respond(request, {"detail": message}, 401)

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if exc.status_code == 400:  # ninja's "Cannot parse request body": a refusal of the request's shape
            message = _("The request body is not a JSON object of the expected shape.")
            return respond(request, {"detail": [{"field": None, "message": message}]}, 422)
        return respond(request, {"detail": str(exc)}, exc.status_code)

    def on_denied(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, {"detail": str(exc) or _("You may not do this.")}, 403)

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, {"detail": str(exc) or _("Not found in your area of work.")}, 404)

    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(DjangoValidationError, on_service_validation)
    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(Http404, on_not_found)


#: The error answers every operation documents (the schema the tests check responses against).
ERRORS: dict[int, type[Schema]] = {
    401: ErrorSchema,
    403: ErrorSchema,
    404: ErrorSchema,
    422: ValidationErrorSchema,
}
#: What a write may answer besides: 409 when the record changed since the ``version`` the caller sent.
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ValidationErrorSchema}
