"""The site's login and its lockout.

Every user logs in at /login/ (``LoginView``), staff or not; the admin's own login form (which told an
officer without staff status that her password was wrong) is replaced by a redirect to it
(``admin_login_redirect``). After ``AXES_FAILURE_LIMIT`` wrong passwords, django-axes calls
``lockout_response`` (``AXES_LOCKOUT_CALLABLE``): the login page again, with a Vietnamese message saying how
long to wait, and status 429 (Too Many Requests)."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LOCKOUT_STATUS = 429


def lockout_message() -> str:
    """ "Too many wrong passwords … try again in 15 minutes", from ``AXES_COOLOFF_TIME``."""
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    if cooloff is None:
        return _(
            "Too many wrong passwords: this account is locked on this computer."
            " Ask your system administrator to unlock it."
        )
    minutes = max(1, math.ceil(cooloff.total_seconds() / 60))
    return ngettext(
        "Too many wrong passwords: this account is locked on this computer for %(minutes)s minute."
        " Try again later, or ask your system administrator to unlock it.",
        "Too many wrong passwords: this account is locked on this computer for %(minutes)s minutes."
        " Try again later, or ask your system administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page with the lockout message and the user name kept (never the password)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "locked_out": lockout_message(),
        "username": username,
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "accounts/login.html", context, status=LOCKOUT_STATUS)


class LoginView(auth_views.LoginView):
    """Django's login with the site's template; says how many wrong passwords lock the account."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        return context


def admin_login_redirect(request: HttpRequest) -> HttpResponse:
    """The admin's login URL: anonymous users go to the site's login (and back to the admin after it);
    a logged-in user who is not a system administrator goes to the site's overview with a message, instead
    of the admin's "enter the password of a staff account"."""
    target = request.GET.get("next", "")
    if request.user.is_authenticated:
        messages.warning(request, _("System administration is for system administrators only."))
        return redirect("dashboard")
    return redirect_to_login(target or "/admin/")
