"""The user's personal API tokens: list, create (the token shown once), revoke. Through nguon.accounts.tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nguon.accounts.models import ApiToken
from nguon.accounts.tokens import token_create, token_get, token_list, token_revoke
from nguon.core.access import scoped


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy('What the token is for, e.g. "Báo cáo quý của phường".'),
    )


@scoped
def token_list_view(request: HttpRequest) -> HttpResponse:
    """The user's tokens (name, prefix, created, last used, revoked) and the form to create one."""
    return render(
        request, "api/token_list.html", {"tokens": token_list(user=request.user), "form": TokenForm()}
    )


@scoped
def token_add_view(request: HttpRequest) -> HttpResponse:
    """Create a token and show it this once (the page is not cached; only its SHA-256 is kept)."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, plain = token_create(
                user=request.user, name=form.cleaned_data["name"], acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = render(request, "api/token_created.html", {"token": token, "plain": plain})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/token_add.html", {"form": form})


@require_POST
@scoped
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's tokens (another user's token: 404)."""
    try:
        token = token_get(user=request.user, pk=pk)
    except ApiToken.DoesNotExist as error:
        raise Http404(_("No such API token.")) from error
    token_revoke(token=token, acting_user=request.user)
    messages.success(request, _('The API token "%(name)s" is revoked.') % {"name": token.name})
    return redirect("token-list")
