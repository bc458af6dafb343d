"""Every route of the site. Each is ``scoped`` or ``public`` (nguon.core.access); the scope walk checks it."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from nguon.accounts.admin_site import admin_has_permission
from nguon.api.api import api
from nguon.core.access import public

admin.site.site_header = _("Nguồn — administration")
admin.site.site_title = "Nguồn"
admin.site.index_title = _("Registry")
admin.site.has_permission = admin_has_permission  # type: ignore[method-assign]

urlpatterns = [
    path("", include("nguon.web.urls")),
    path("", include("nguon.accounts.urls")),
    path("", include("nguon.people.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("nguon.api.urls")),
    path("", include("nguon.indicators.urls")),
    path("", include("nguon.imports.urls")),
    path("", include("nguon.exports.urls")),
    path("", include("nguon.pipeline.urls")),
    path("", include("nguon.training.urls")),
    path("", include("nguon.elections.urls")),
    path("", include("nguon.rotations.urls")),
    path("", include("nguon.programmes.urls_stats")),
    path("", include("nguon.programmes.urls")),
    path("", include("nguon.programmes.urls_exports")),
    path("", include("nguon.supervision.urls")),
    path("", include("nguon.support.urls")),
    path("", include("nguon.reports.urls")),
]
