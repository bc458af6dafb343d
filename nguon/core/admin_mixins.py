"""Admin base classes: the admin writes through the services, as the pages, the API and the importer do.

After HackSoft's example project (``styleguide_example/users/admin.py``): the form's ``clean()`` runs the
entity's rule, so the admin refuses what the services refuse, with the same Vietnamese words by field;
``save_model`` calls the entity's create or update service with the acting user and ``source="admin"``, and
that service writes the one audit record. Inline rows and deletes (one by one or in bulk) are audited here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.http import HttpRequest

from .audit import audit_record, snapshot
from .models import AuditAction
from .services import Errors, model_create, model_delete, model_update

SOURCE = "admin"


def current_values(form: forms.ModelForm[Any]) -> dict[str, Any]:
    """The values the row would have once saved: the form's cleaned data over the instance's own (related
    rows as instances, ``None`` when not set)."""
    instance = form.instance
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in form.cleaned_data:
            values[field.name] = form.cleaned_data[field.name]
        elif field.is_relation:
            values[field.name] = getattr(instance, field.name) if getattr(instance, field.attname) else None
        else:
            values[field.name] = getattr(instance, field.attname)
    return values


class RuleForm(forms.ModelForm):  # type: ignore[type-arg]
    """A ModelForm that runs the entity's rule (``rule``: values → errors by field) in ``clean()``, once every
    field it reads (``rule_fields``) was valid on its own. An error of a field the form does not show (read
    only) is shown above the form."""

    rule_fields: tuple[str, ...] = ()

    def rule(self, values: dict[str, Any]) -> Errors:
        return {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(name in self.errors for name in self.rule_fields):
            return data
        try:
            errors = self.rule(current_values(self))
        except ValidationError as error:  # a rule that reads the registry raises
            errors = error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
        for name, found in errors.items():
            self.add_error(name if name in self.fields else None, found)
        return data

    def add_error(self, field: str | None, error: Any) -> None:
        """Add an error once: the model's own ``clean()`` repeats the single-row rules the entity's rule
        already reported."""
        error = error if isinstance(error, ValidationError) else ValidationError(error)
        items = error.error_dict.items() if hasattr(error, "error_dict") else [(field, error.error_list)]
        for name, found in items:
            errors = getattr(self, "_errors", None)
            shown = errors.get(name or NON_FIELD_ERRORS) if errors is not None else None
            messages = {m for e in shown.as_data() for m in e.messages} if shown else set()
            fresh = [e for e in found if not set(e.messages) <= messages]
            if fresh:
                super().add_error(name, fresh)


def _copy(source: models.Model, target: models.Model) -> None:
    """Give the admin's object the values the service saved (ids, derived keys)."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding = False
    target._state.db = source._state.db


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """ModelAdmin that writes through services and leaves one audit record per write, with the acting user.

    Subclasses override ``create`` and ``update`` to call their entity's services; the defaults save the
    form's values through ``core.services.model_create`` / ``model_update`` (validated and audited).
    """

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> models.Model:
        """Create the row from the form's ``data`` (``obj`` holds them already)."""
        instance: models.Model = obj
        return model_create(instance=instance, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> models.Model:
        """Apply the changed ``data`` to ``current``, the row as stored."""
        instance: models.Model = current
        return model_update(
            instance=instance, fields=list(data), data=data, acting_user=request.user, source=SOURCE
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        names = {f.name for f in obj._meta.concrete_fields}
        if change and obj.pk:
            current = type(obj)._default_manager.get(pk=obj.pk)
            data = {
                n: form.cleaned_data[n] for n in form.changed_data if n in names and n in form.cleaned_data
            }
            saved = self.update(request, current, data) if data else current
        else:
            data = {n: v for n, v in form.cleaned_data.items() if n in names}
            saved = self.create(request, obj, data)
        if saved is not obj:
            _copy(saved, obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        model_delete(instance=obj, acting_user=request.user, source=SOURCE)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows: audit each created, changed and deleted row."""
        befores = {
            f.instance.pk: snapshot(type(f.instance)._default_manager.get(pk=f.instance.pk))
            for f in formset.forms
            if f.instance.pk and f.has_changed()
        }
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            model_delete(instance=obj, acting_user=request.user, source=SOURCE)
        for obj in instances:
            existed = obj.pk in befores
            obj.save()
            audit_record(
                acting_user=request.user,
                action=AuditAction.UPDATE if existed else AuditAction.CREATE,
                instance=obj,
                before=befores.get(obj.pk),
                source=SOURCE,
            )
        formset.save_m2m()
