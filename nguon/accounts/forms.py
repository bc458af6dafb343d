"""Forms of the user management: what a manager types; the services decide what she may give."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nguon.areas.choices import AreaLevel
from nguon.areas.models import Area
from nguon.core.labels import label
from nguon.core.scope import Level, Scope
from nguon.organizations.choices import OrganizationKind

from .choices import AccessKind, Role
from .models import Assignment
from .selectors import area_choices, area_label


class Styled:
    """Bootstrap classes on every widget (no inline styles: the CSP forbids them)."""

    fields: dict[str, forms.Field]

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class AreaChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return area_label(obj)


def _paths_q(paths: set[str]) -> Q:
    q = Q()
    for p in sorted(paths):
        q |= Q(path__startswith=p)
    return q if q else Q(pk__in=[])


class AssignmentForm(Styled, forms.Form):
    """An assignment: the area (searched by name among the areas she manages), organization kinds, role,
    the wider area for figures. ``query`` (the search box) narrows the areas offered."""

    area_query = forms.CharField(
        label=_("Find the area"),
        required=False,
        help_text=_("Type a part of the name, with or without diacritics, then choose below."),
    )
    area = AreaChoiceField(label=_("Area"), queryset=Area.objects.none())
    organization_kinds = forms.MultipleChoiceField(
        label=_("Organization kinds"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind of organization of the area."),
    )
    role = forms.ChoiceField(label=_("Role"))
    analysis_area = AreaChoiceField(
        label=_("Area for aggregate figures"),
        required=False,
        queryset=Area.objects.none(),
        help_text=_("A wider area whose counts and shares (never names) she may read; empty: the same area."),
    )
    support_cases = forms.BooleanField(
        label=_("Reads support cases"),
        required=False,
        help_text=_(
            "She may read (and, as an editor, record) the support cases of cadres in this area: health,"
            " hardship, family risk. Without it she sees only their counts. You may give it only where you"
            " hold it yourself."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(
        self, *args: Any, scope: Scope, query: str = "", current: Assignment | None = None, **kw: Any
    ):
        super().__init__(*args, **kw)
        self.scope = scope
        grants = [g for g in scope.grants if g.allows(Level.MANAGE)]
        if scope.unrestricted:
            areas, wider = Area.objects.all(), Area.objects.all()
        else:
            areas = Area.objects.filter(_paths_q({p for g in grants for p in g.paths}))
            wider = Area.objects.filter(_paths_q({p for g in grants for p in g.analysis_paths}))
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["analysis_area"].queryset = wider  # type: ignore[attr-defined]
        found = area_choices(scope=scope, query=query)
        if current is not None and current.area is not None and current.area not in found:
            found.insert(0, current.area)
        self.fields["area"].widget.choices = [("", _("— choose —"))] + [(a.pk, area_label(a)) for a in found]
        self.fields["area"].help_text = (
            _("The areas whose names match the search (at most 30).") if query else _("Search by name above.")
        )
        broad = list(
            wider.filter(level__in=[AreaLevel.PROVINCE, AreaLevel.DISTRICT])
            .select_related("parent")
            .order_by("path")[:2000]
        )
        if current is not None and current.analysis_area is not None and current.analysis_area not in broad:
            broad.insert(0, current.analysis_area)
        self.fields["analysis_area"].widget.choices = [("", _("the same area"))] + [
            (a.pk, area_label(a)) for a in broad
        ]
        kinds = set(OrganizationKind.values)
        if not scope.unrestricted and grants and all(g.kinds for g in grants):
            # Her assignments are narrowed to kinds: she can give only those, and at least one of them.
            kinds = {k for g in grants for k in g.kinds}
            self.fields["organization_kinds"].required = True
            self.fields["organization_kinds"].help_text = _("At least one, among the kinds you manage.")
            if "organization_kinds" not in self.initial and len(kinds) == 1:
                self.initial["organization_kinds"] = sorted(kinds)
        self.fields["organization_kinds"].choices = [  # type: ignore[attr-defined]
            (k, label(OrganizationKind, k, capital=True)) for k in OrganizationKind.values if k in kinds
        ]
        roles = [r for r in Role.values if scope.unrestricted or r != Role.ADMINISTRATOR]
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (r, label(Role, r, capital=True)) for r in roles
        ]
        self.fields["area"].required = not scope.unrestricted
        self.fields["area_query"].widget.attrs.update(
            {
                "hx-get": reverse("area-options"),
                "hx-trigger": "input changed delay:400ms, search",
                "hx-target": "#id_area",
                "hx-swap": "innerHTML",
                "hx-params": "area_query",
                "type": "search",
                "autocomplete": "off",
            }
        )
        self.style()

    def assignment_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "area": data.get("area"),
            "organization_kinds": list(data.get("organization_kinds") or ()),
            "role": data["role"],
            "analysis_area": data.get("analysis_area"),
            "support_cases": bool(data.get("support_cases")),
            "note": data.get("note", ""),
        }


class UserCreateForm(AssignmentForm):
    """A new user and her first assignment."""

    username = forms.CharField(label=_("Login name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Empty: a password is generated and shown once, to hand over to her."),
    )
    field_order = ["username", "full_name", "email", "password"]

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.order_fields(self.field_order)
        self.style()


class UserEditForm(Styled, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.style()


class UserFilterForm(Styled, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", pgettext_lazy("account status", "all")),
            ("1", pgettext_lazy("account status", "active")),
            ("0", pgettext_lazy("account status", "deactivated")),
        ],
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.style()


class AccessFilterForm(Styled, forms.Form):
    """Filters of the personal-data log: a user among those she manages, dates (dd/mm/yyyy), kind."""

    user = forms.TypedChoiceField(label=_("User"), required=False, coerce=int, empty_value=None)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: Any, users: list[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["user"].choices = [("", _("everyone"))] + [  # type: ignore[attr-defined]
            (u.pk, u.get_full_name() or u.get_username()) for u in users
        ]
        self.fields["kind"].choices = [("", _("every kind"))] + [  # type: ignore[attr-defined]
            (k, label(AccessKind, k, capital=True)) for k in AccessKind.values
        ]
        self.style()
