from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from nguon.web.views import home

admin.site.site_header = _("Nguồn — administration")
admin.site.site_title = "Nguồn"
admin.site.index_title = _("Registry")

urlpatterns = [
    path("", home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("nguon.indicators.urls")),
    path("", include("nguon.imports.urls")),
    path("", include("nguon.exports.urls")),
]
